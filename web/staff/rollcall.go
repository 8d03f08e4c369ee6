package staff

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

// rollCallPage is one session's roll, made for a phone held in one hand.
type rollCallPage struct {
	Activity ui.ActivityCard
	RollCall store.RollCall
	Action   string
	Count    string
	WalkIn   walkIn
}

// sessionParam reads :session.
func sessionParam(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("session"), 10, 64)
	return id, err == nil
}

// staffRollCall shows a session's roll: one big button per person.
func (s *Server) staffRollCall(c *gin.Context) {
	a, ok := s.activityParam(c)
	if !ok {
		return
	}
	sid, ok := sessionParam(c)
	if !ok {
		s.notFound(c)
		return
	}
	s.renderRollCall(c, http.StatusOK, a, sid, walkIn{})
}

// renderRollCall shows the roll, with the walk-in form as w left it.
func (s *Server) renderRollCall(c *gin.Context, status int, a store.ActivityWithCounts, sid int64, w walkIn) {
	rc, err := s.store.RollCall(c.Request.Context(), a.ID, sid)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(c)
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := s.staffPage(c, "staff.rollcall.title", nil)
	if w.ReadIn == "" {
		w.ReadIn = p.Lang.Tag // most often read in the language staff use
	}
	w.Languages = locales.Languages
	p.Title = p.Text(a.Texts.Title) + " · " + p.Local(rc.Session.StartsAt)
	p.Data.(*staffData).Body = rollCallPage{Activity: ui.NewCard(a), RollCall: rc,
		Action: fmt.Sprintf("%s/sessions/%d", activityPath(a.ID), sid), Count: rollCount(p, rc.Present, len(rc.People)), WalkIn: w}
	s.render(c, status, "rollcall", p)
}

func rollCount(p *page, present, total int) string {
	return p.T("staff.rollcall.count", "Count", present, "Total", total)
}

// staffRollCallMark marks one person present (present=1) or not. Without
// JavaScript it goes back to the person's place on the roll; staff.js asks
// for JSON and updates the button where it is.
func (s *Server) staffRollCallMark(c *gin.Context) {
	a, ok := s.activityParam(c)
	if !ok {
		return
	}
	sid, ok1 := sessionParam(c)
	signupID, err := strconv.ParseInt(c.PostForm("signup"), 10, 64)
	if !ok1 || err != nil {
		s.notFound(c)
		return
	}
	present := c.PostForm("present") == "1"
	ctx := c.Request.Context()
	n, err := s.store.SetAttendance(ctx, a.ID, sid, signupID, present, actor(c))
	var rule *domain.RuleError
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(c)
		return
	case errors.As(err, &rule):
		c.Redirect(http.StatusSeeOther, withFlash(c.Request.URL.Path, "error", "not_confirmed"))
		return
	case err != nil:
		s.serverError(c, err)
		return
	}
	if !strings.Contains(c.GetHeader("Accept"), "application/json") {
		c.Redirect(http.StatusSeeOther, c.Request.URL.Path+"#p-"+strconv.FormatInt(signupID, 10))
		return
	}
	rc, err := s.store.RollCall(ctx, a.ID, sid)
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"present": present, "count": n, "countText": rollCount(s.newPage(c, ""), n, len(rc.People))})
}
