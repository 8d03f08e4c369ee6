package staff

import (
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

// activityPage is the data of one activity's staff page: its numbers,
// sessions with attendance, the sign-ups (searchable) and what can be done.
type activityPage struct {
	Activity  ui.ActivityCard
	Query     string
	Signups   []store.StaffSignup
	Sessions  []sessionCount
	Next      *sessionCount // the session on now or next, for its roll call
	NextSlug  string
	NextWeeks int
}

// sessionCount is a session and how many were marked present at it.
type sessionCount struct {
	domain.Session
	Present int
}

// staffActivity shows one activity and its sign-ups, places first and
// then the waiting list in order.
func (s *Server) staffActivity(c *gin.Context) {
	a, ok := s.activityParam(c)
	if !ok {
		return
	}
	ctx, q := c.Request.Context(), strings.TrimSpace(c.Query("q"))
	signups, err := s.store.ListSignups(ctx, a.ID, q)
	if err != nil {
		s.serverError(c, err)
		return
	}
	sheet, err := s.store.AttendanceSheet(ctx, a.ID)
	if err != nil {
		s.serverError(c, err)
		return
	}
	d := activityPage{Activity: ui.NewCard(a), Query: q, Signups: signups, NextWeeks: domain.NextSeasonWeeks(a.Sessions)}
	for i, se := range sheet.Sessions {
		d.Sessions = append(d.Sessions, sessionCount{Session: se, Present: sheet.PerSession[i]})
	}
	now := s.now()
	for i, se := range d.Sessions {
		if se.StartsAt.Add(time.Duration(se.Minutes) * time.Minute).After(now) {
			d.Next = &d.Sessions[i]
			break
		}
	}
	d.NextSlug = nextSlug(a.Activity, d.NextWeeks)
	s.render(c, http.StatusOK, "activity", s.staffPage(c, "staff.activity.title", d))
}

// datedSlug matches a slug that already ends in a year and month.
var datedSlug = regexp.MustCompile(`-[0-9]{4}-[0-9]{2}$`)

// nextSlug suggests an address for the next round: the slug with the new
// start's year and month, e.g. mamamove-2027-03.
func nextSlug(a domain.Activity, weeks int) string {
	start := a.StartsOn
	if len(a.Sessions) > 0 {
		start = a.Sessions[0].StartsAt
	}
	if start.IsZero() {
		return a.Slug + "-2"
	}
	base := datedSlug.ReplaceAllString(a.Slug, "")
	return base + "-" + start.AddDate(0, 0, 7*weeks).Format("2006-01")
}
