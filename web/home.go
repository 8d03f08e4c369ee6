package web

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

// audienceParam is the query parameter of the home page's filter by who
// an activity is for: ?for=children.
const audienceParam = "for"

// home lists the activities open for sign-up under the plan's areas, or
// only those for one audience when the filter asks for it: one undivided
// list was 14 phone screens long in Danish.
func (s *Server) home(c *gin.Context) {
	acts, err := s.store.ListActivities(c.Request.Context(), true)
	if err != nil {
		s.serverError(c, err)
		return
	}
	only := domain.Audience(c.Query(audienceParam))
	if !only.Valid() {
		only = "" // an unknown audience shows them all rather than nothing
	}
	p := s.newPage(c, "home.title", nil)
	p.Data = homePage{Groups: groupByArea(p, acts, only), Filter: audienceFilter(p, only), Filtered: only != ""}
	s.render(c, http.StatusOK, "home", p)
}

// homePage is the list of activities and the filter above it.
type homePage struct {
	Groups   []areaGroup
	Filter   []filterLink
	Filtered bool // one audience only
}

// areaGroup is one area's open activities, in the catalogue's order.
type areaGroup struct {
	Key   domain.Area
	Name  template.HTML
	Cards []ui.ActivityCard
}

// filterLink is one link of the filter: everyone, or one audience.
type filterLink struct {
	Href    string
	Label   template.HTML
	Current bool
}

// groupByArea puts the activities under the plan's areas in the plan's
// order, only those for audience only when it is set, leaving out areas
// with none to show.
func groupByArea(p *ui.Page, acts []store.ActivityWithCounts, only domain.Audience) []areaGroup {
	var out []areaGroup
	for _, area := range p.Plan.Areas {
		g := areaGroup{Key: area.Key, Name: areaName(p, area, "home.area.")}
		for _, a := range acts {
			if a.Area == area.Key && (only == "" || a.For(only)) {
				g.Cards = append(g.Cards, ui.NewCard(a))
			}
		}
		if len(g.Cards) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// audienceFilter is the filter's links: plain links, so it works without
// JavaScript, each keeping the page's language.
func audienceFilter(p *ui.Page, only domain.Audience) []filterLink {
	all := url.Values{"lang": {p.Lang.Tag}}
	out := []filterLink{{Href: "/?" + all.Encode(), Label: template.HTML(template.HTMLEscapeString(p.T("home.filter.all"))), Current: only == ""}}
	for _, a := range domain.Audiences {
		q := url.Values{"lang": {p.Lang.Tag}, audienceParam: {string(a)}}
		out = append(out, filterLink{Href: "/?" + q.Encode(), Label: template.HTML(template.HTMLEscapeString(p.T("home.for." + string(a)))), Current: a == only})
	}
	return out
}

// areaName is an area's name for residents: the plain words locales/ has
// for it under prefix in every language, or else the plan's own name for
// it (staff words, at least in Danish), marked with its language.
func areaName(p *ui.Page, area domain.AreaInfo, prefix string) template.HTML {
	if id := prefix + string(area.Key); p.T(id) != id {
		return template.HTML(template.HTMLEscapeString(p.T(id)))
	}
	return p.Inline(area.Name)
}
