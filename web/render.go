package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the pages; each is parsed together with layout.html.
var pageNames = []string{"home", "form", "confirmation", "already", "cancel", "cancelled", "closed", "message",
	"privacy", "deleted", "offer", "offer_expired"}

type pages struct{ byName map[string]*template.Template }

func parsePages() (*pages, error) {
	p := &pages{byName: map[string]*template.Template{}}
	for _, n := range pageNames {
		t, err := ui.ParsePublic(templateFS, n+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", n, err)
		}
		p.byName[n] = t
	}
	return p, nil
}

func (s *Server) newPage(c *gin.Context, titleID string, data any) *ui.Page {
	p := ui.NewPage(s.bundle, s.tz, c.GetString(ctxLang))
	p.Path, p.CSSPath, p.Data, p.Plan = ui.LocalPath(c.Request.URL.Path), s.static.CSSPath(), data, s.plan
	p.Facts = s.facts
	if titleID != "" {
		p.Title = p.T(titleID)
	}
	return p
}

// render writes a page; a template error is a bug, logged once.
func (s *Server) render(c *gin.Context, status int, name string, p *ui.Page) {
	b, err := s.renderBytes(name, p)
	s.writePage(c, status, name, b, err)
}

// writePage sends a rendered page, or a bare 500 if rendering failed.
func (s *Server) writePage(c *gin.Context, status int, name string, b []byte, err error) {
	ui.WritePage(c, s.log, status, name, b, err)
}

// renderBytes runs a page's template.
func (s *Server) renderBytes(name string, p *ui.Page) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.pages.byName[name].Execute(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// message is the data of the one-message page used for errors and notices.
type message struct {
	BodyID   string
	BodyArgs []any
	Home     bool
}

// Body translates the message's text.
func (m message) Body(p *ui.Page) string { return p.T(m.BodyID, m.BodyArgs...) }

func (s *Server) renderError(c *gin.Context, status int, titleID, bodyID string) {
	s.render(c, status, "message", s.newPage(c, titleID, message{BodyID: bodyID, Home: true}))
}

func (s *Server) notFound(c *gin.Context) {
	s.renderError(c, http.StatusNotFound, "error.notfound.title", "error.notfound.body")
}

func (s *Server) forbiddenCrossOrigin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	w.Write([]byte("403 Forbidden: cross-origin request refused\n"))
}
