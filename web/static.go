package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"

	"github.com/gin-gonic/gin"
)

//go:embed static/app.css
var staticFS embed.FS

// staticFiles serves the stylesheet under a name that carries its hash, so
// phones may cache it forever and still get a new one after a release.
type staticFiles struct {
	cssName string
	css     []byte
}

func loadStatic() *staticFiles {
	css, err := staticFS.ReadFile("static/app.css")
	if err != nil {
		panic("web: embedded stylesheet missing: " + err.Error())
	}
	sum := sha256.Sum256(css)
	return &staticFiles{cssName: "app." + hex.EncodeToString(sum[:])[:10] + ".css", css: css}
}

// CSSPath is the stylesheet's address.
func (f *staticFiles) CSSPath() string { return "/static/" + f.cssName }

func (s *Server) serveStatic(c *gin.Context) {
	if c.Param("file") != s.static.cssName {
		s.notFound(c)
		return
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Data(http.StatusOK, "text/css; charset=utf-8", s.static.css)
}
