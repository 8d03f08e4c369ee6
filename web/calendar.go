package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/ical"
	"github.com/gin-gonic/gin"
)

// calendarFile is her sign-up as a calendar file (/afmeld/{token}/kalender.ics):
// one event for each of the activity's sessions not yet over, titled and
// placed in the language she signed up in. A sign-up on the waiting list
// gets them as tentative; a cancelled or erased one gets none (404).
func (s *Server) calendarFile(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Header("Referrer-Policy", "no-referrer")
	d, ok := s.loadByToken(c)
	if !ok {
		return
	}
	su, a := d.Signup, d.Activity
	if !su.ErasedAt.IsZero() || !su.Status.Active() {
		s.renderError(c, http.StatusNotFound, "cancel.notfound.title", "cancel.notfound.body")
		return
	}
	now := s.now()
	cal := ical.Calendar{ProdID: "-//" + s.plan.Name + "//Tilmeld//" + su.Lang, Stamp: now}
	for _, se := range a.Sessions {
		end := se.StartsAt.Add(time.Duration(se.Minutes) * time.Minute)
		if !end.After(now) {
			continue
		}
		cal.Events = append(cal.Events, ical.Event{
			UID:   fmt.Sprintf("%d-%s@%s", se.ID, su.Reference, s.host()),
			Start: se.StartsAt, End: end, Tentative: su.Status != domain.StatusConfirmed,
			Summary: a.Texts.Title.In(su.Lang), Location: a.Texts.Place.In(su.Lang),
		})
	}
	c.Header("Content-Disposition", `attachment; filename="kalender.ics"`)
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", cal.Bytes())
}

// host is the public address's host, which makes calendar UIDs unique
// across services.
func (s *Server) host() string {
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
		return u.Host
	}
	return "tilmeld.invalid"
}
