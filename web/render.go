package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/gin-gonic/gin"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the pages; each is parsed together with layout.html.
var pageNames = []string{"home", "form", "confirmation", "already", "cancel", "cancelled", "closed", "message",
	"privacy", "deleted", "person"}

type pages struct{ byName map[string]*template.Template }

func parsePages() (*pages, error) {
	p := &pages{byName: map[string]*template.Template{}}
	for _, n := range pageNames {
		t, err := template.New("layout.html").ParseFS(templateFS, "templates/layout.html", "templates/fields.html", "templates/"+n+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", n, err)
		}
		p.byName[n] = t
	}
	return p, nil
}

// page is what every template sees: the language, its translator, and the
// page's own data.
type page struct {
	Lang    locales.Language
	Path    string
	CSSPath string
	Title   string
	Data    any
	Plan    *domain.Plan // its name, logo text and contact are on every page
	loc     *i18n.Localizer
	tz      *time.Location
}

// T translates a message id. Arguments come in name, value pairs; a
// "Count" argument also chooses the plural form.
func (p *page) T(id string, args ...any) string {
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(args) > 0 {
		data := map[string]any{}
		for i := 0; i+1 < len(args); i += 2 {
			k, _ := args[i].(string)
			data[k] = p.localised(args[i+1]) // numbers in the language's digits
			if k == "Count" {
				cfg.PluralCount = args[i+1]
			}
		}
		cfg.TemplateData = data
	}
	s, err := p.loc.Localize(cfg)
	if err != nil && cfg.PluralCount != nil {
		// Count is also plain template data for messages with no plural
		// forms; go-i18n refuses a count for those, so ask again without.
		cfg.PluralCount = nil
		s, err = p.loc.Localize(cfg)
	}
	if err != nil && s == "" {
		// A missing translation is caught by the locale tests; show the
		// id rather than nothing if one slips through.
		return id
	}
	return s
}

// Text picks a catalogue text in the page's language.
func (p *page) Text(t domain.Text) string { return t.In(p.Lang.Tag) }

// TextLang is the language a catalogue text is actually shown in, so a
// fallback to Danish is marked up with lang="da".
func (p *page) TextLang(t domain.Text) string {
	if t.Has(p.Lang.Tag) {
		return p.Lang.Tag
	}
	return domain.DefaultLang
}

// Dir is the writing direction of the page.
func (p *page) Dir() string {
	if p.Lang.RTL {
		return "rtl"
	}
	return "ltr"
}

// Date formats a calendar date the way the language writes it.
func (p *page) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return p.T("date.format", "Day", t.Day(), "Month", p.T("month."+strconv.Itoa(int(t.Month()))), "Year", t.Year())
}

// Time formats a clock time in Copenhagen the way the language writes it
// (Danish 10.30, most others 10:30), in its digits.
func (p *page) Time(t time.Time) string {
	t = t.In(p.tz)
	return p.T("time.format", "Hour", p.digits(t.Format("15")), "Minute", p.digits(t.Format("04")))
}

// LangLinks are the language switcher's links for the current page.
func (p *page) LangLinks() []langLink {
	out := make([]langLink, 0, len(locales.Languages))
	for _, l := range locales.Languages {
		q := url.Values{"lang": {l.Tag}}
		out = append(out, langLink{Language: l, Href: p.Path + "?" + q.Encode(), Current: l.Tag == p.Lang.Tag})
	}
	return out
}

type langLink struct {
	locales.Language
	Href    string
	Current bool
}

// Action is the current path with the language kept, for form actions, so
// the choice survives even where cookies are off.
func (p *page) Action() string { return p.Path + "?lang=" + p.Lang.Tag }

func (s *Server) newPage(c *gin.Context, titleID string, data any) *page {
	lang, _ := locales.Lookup(c.GetString(ctxLang))
	if lang.Tag == "" {
		lang, _ = locales.Lookup(locales.Default)
	}
	p := &page{Lang: lang, Path: localPath(c.Request.URL.Path), CSSPath: s.static.CSSPath(), Data: data,
		loc: i18n.NewLocalizer(s.bundle, lang.Tag, locales.Default), tz: s.tz, Plan: s.plan}
	if titleID != "" {
		p.Title = p.T(titleID)
	}
	return p
}

// localPath is the request's path for the links a page makes back to
// itself (the language switcher, form actions). A path a browser reads as
// another host, "//evil.example" or "/\evil.example", only reaches the
// not-found page, through a crafted link; its links go home instead, so
// the switcher cannot be made to send anyone off the site.
func localPath(path string) string {
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || strings.HasPrefix(path, "/\\") {
		return "/"
	}
	return path
}

// render writes a page; a template error is a bug, logged once.
func (s *Server) render(c *gin.Context, status int, name string, p *page) {
	b, err := s.renderBytes(name, p)
	s.writePage(c, status, name, b, err)
}

// writePage sends a rendered page, or a bare 500 if rendering failed.
func (s *Server) writePage(c *gin.Context, status int, name string, b []byte, err error) {
	if err != nil {
		s.log.Error("render", "request_id", c.GetString(ctxRequestID), "page", name, "err", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("500"))
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", b)
}

// renderBytes runs a page's template.
func (s *Server) renderBytes(name string, p *page) ([]byte, error) {
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
func (m message) Body(p *page) string { return p.T(m.BodyID, m.BodyArgs...) }

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

// factsData lets the shared "facts" template see the page and an activity.
type factsData struct {
	P *page
	A activityCard
}

// With pairs the page with an activity for the "facts" template.
func (p *page) With(a activityCard) factsData { return factsData{P: p, A: a} }

// Places says how many places are left, or that the waiting list is open.
func (p *page) Places(a activityCard) string {
	switch {
	case a.placesText != "":
		return a.placesText
	case !a.Limited():
		return p.T("places.unlimited")
	case a.Full():
		return p.T("places.waitlist", "Count", a.Counts.Waitlisted)
	}
	return p.T("places.left", "Count", a.PlacesLeft)
}
