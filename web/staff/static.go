package staff

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
)

//go:embed static/staff.css static/staff.js
var staffStaticFS embed.FS

// staffAssets are the staff pages' own stylesheet and script, kept out of
// app.css so the residents' pages stay within their weight budget. Like
// app.css they are served under names carrying their hash.
type staffAssets struct {
	byName map[string]staffAsset
	css    string
	js     string
}

type staffAsset struct {
	contentType string
	body        []byte
}

func loadStaffAssets() (*staffAssets, error) {
	a := &staffAssets{byName: map[string]staffAsset{}}
	for _, f := range []struct {
		file, ext, contentType string
		name                   *string
	}{
		{"static/staff.css", "css", "text/css; charset=utf-8", &a.css},
		{"static/staff.js", "js", "text/javascript; charset=utf-8", &a.js},
	} {
		b, err := staffStaticFS.ReadFile(f.file)
		if err != nil {
			return nil, fmt.Errorf("web: %s: %w", f.file, err)
		}
		sum := sha256.Sum256(b)
		*f.name = "staff." + hex.EncodeToString(sum[:])[:10] + "." + f.ext
		a.byName[*f.name] = staffAsset{contentType: f.contentType, body: b}
	}
	return a, nil
}

// CSSPath is the staff stylesheet's address.
func (a *staffAssets) CSSPath() string { return "/staff/assets/" + a.css }

// JSPath is the staff script's address.
func (a *staffAssets) JSPath() string { return "/staff/assets/" + a.js }

func (s *Server) serveStaffAsset(c *gin.Context) {
	f, ok := s.assets.byName[c.Param("file")]
	if !ok {
		s.notFound(c)
		return
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Data(http.StatusOK, f.contentType, f.body)
}
