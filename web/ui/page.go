package ui

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
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

// Keys the middleware sets on a request's gin context.
const (
	CtxRequestID = "request_id" // the request's id, for the one log line of a failure
	CtxLang      = "lang"       // the language tag chosen for the request
)

//go:embed templates/*.html
var sharedFS embed.FS

// Parse parses one page: its layout and its own template from fsys, with
// the shared templates for form fields and an activity's facts.
func Parse(fsys fs.FS, layout, page string) (*template.Template, error) {
	t, err := template.New(layout).ParseFS(sharedFS, "templates/fields.html")
	if err != nil {
		return nil, err
	}
	return t.ParseFS(fsys, "templates/"+layout, "templates/"+page)
}

// ParsePublic parses one page from fsys in the residents' layout, the one
// every public page has.
func ParsePublic(fsys fs.FS, page string) (*template.Template, error) {
	t, err := template.New("layout.html").ParseFS(sharedFS, "templates/layout.html", "templates/fields.html")
	if err != nil {
		return nil, err
	}
	return t.ParseFS(fsys, "templates/"+page)
}

// Page is what every template sees: the language, its translator, and the
// page's own data.
type Page struct {
	Lang    locales.Language
	Path    string
	CSSPath string
	Title   string
	Data    any
	Plan    *domain.Plan // its name, logo text and contact are on every page
	// Facts are the privacy facts the notice and the consent box state.
	Facts domain.PrivacyFacts
	loc   *i18n.Localizer
	tz    *time.Location
}

// NewPage is an empty page in language tag (Danish if the tag is not one
// of ours), writing times in tz.
func NewPage(bundle *i18n.Bundle, tz *time.Location, tag string) *Page {
	lang, ok := locales.Lookup(tag)
	if !ok {
		lang, _ = locales.Lookup(locales.Default)
	}
	return &Page{Lang: lang, loc: i18n.NewLocalizer(bundle, lang.Tag, locales.Default), tz: tz}
}

// PageWith is a page with a localizer of the caller's making, e.g. one
// without the Danish fallback, for a test that must see a missing
// translation.
func PageWith(lang locales.Language, loc *i18n.Localizer, tz *time.Location) *Page {
	return &Page{Lang: lang, loc: loc, tz: tz}
}

// LocalPath is the request's path for the links a page makes back to
// itself (the language switcher, form actions). A path a browser reads as
// another host, "//evil.example" or "/\evil.example", only reaches the
// not-found page, through a crafted link; its links go home instead, so
// the switcher cannot be made to send anyone off the site.
func LocalPath(path string) string {
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || strings.HasPrefix(path, "/\\") {
		return "/"
	}
	return path
}

// Zone is the time zone the page writes times in.
func (p *Page) Zone() *time.Location { return p.tz }

// T translates a message id. Arguments come in name, value pairs; a
// "Count" argument also chooses the plural form.
func (p *Page) T(id string, args ...any) string {
	return locales.TranslateShown(p.loc, p.localised, id, args...) // numbers in the language's digits
}

// planName is the plan's name for the messages that name it, empty on a
// page made without a plan.
func (p *Page) planName() string {
	if p.Plan == nil {
		return ""
	}
	return p.Plan.Name
}

// Text picks a catalogue text in the page's language.
func (p *Page) Text(t domain.Text) string { return t.In(p.Lang.Tag) }

// TextLang is the language a catalogue text is actually shown in, so a
// fallback to Danish is marked up with lang="da".
func (p *Page) TextLang(t domain.Text) string {
	if t.Has(p.Lang.Tag) {
		return p.Lang.Tag
	}
	return domain.DefaultLang
}

// Dir is the writing direction of the page.
func (p *Page) Dir() string {
	if p.Lang.RTL {
		return "rtl"
	}
	return "ltr"
}

// Date formats a calendar date the way the language writes it.
func (p *Page) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return p.T("date.format", "Day", t.Day(), "Month", p.T("month."+strconv.Itoa(int(t.Month()))), "Year", t.Year())
}

// Time formats a clock time in the plan's time zone the way the language writes it
// (Danish 10.30, most others 10:30), in its digits.
func (p *Page) Time(t time.Time) string {
	t = t.In(p.tz)
	return p.T("time.format", "Hour", p.digits(t.Format("15")), "Minute", p.digits(t.Format("04")))
}

// LangLinks are the language switcher's links for the current page.
func (p *Page) LangLinks() []LangLink { return p.LinksTo(locales.Languages) }

// LinksTo are links to the current page in each of langs.
func (p *Page) LinksTo(langs []locales.Language) []LangLink {
	out := make([]LangLink, 0, len(langs))
	for _, l := range langs {
		q := url.Values{"lang": {l.Tag}}
		out = append(out, LangLink{Language: l, Href: p.Path + "?" + q.Encode(), Current: l.Tag == p.Lang.Tag})
	}
	return out
}

// LangLink is one link of a language switcher.
type LangLink struct {
	locales.Language
	Href    string
	Current bool
}

// Action is the current path with the language kept, for form actions, so
// the choice survives even where cookies are off.
func (p *Page) Action() string { return p.Path + "?lang=" + p.Lang.Tag }

// Facts lets the shared "facts" template see the page and an activity.
type Facts struct {
	P *Page
	A ActivityCard
}

// With pairs the page with an activity for the "facts" template.
func (p *Page) With(a ActivityCard) Facts { return Facts{P: p, A: a} }

// Places says how many places are left, or, in a sentence, that all are
// taken and how many are on the waiting list.
func (p *Page) Places(a ActivityCard) string {
	switch {
	case a.PlacesText != "":
		return a.PlacesText
	case !a.Limited():
		return p.T("places.unlimited")
	case a.Full() && a.Counts.Waitlisted == 0:
		return p.T("places.full.none")
	case a.Full():
		return p.T("places.full.waiting", "Count", a.Counts.Waitlisted)
	}
	return p.T("places.left", "Count", a.PlacesLeft)
}

// WritePage sends a rendered page, or a bare 500 if rendering failed; a
// template error is a bug, logged once.
func WritePage(c *gin.Context, log *slog.Logger, status int, name string, b []byte, err error) {
	if err != nil {
		log.Error("render", "request_id", c.GetString(CtxRequestID), "page", name, "err", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("500"))
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", b)
}
