package staff

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// staffActivityDuplicate copies an activity for its next round: a new
// slug, every date moved on by whole weeks, no sign-ups, closed. It opens
// the copy's editor, since texts such as "when" name dates in words.
func (s *Server) staffActivityDuplicate(c *gin.Context) {
	a, ok := s.activityParam(c)
	if !ok {
		return
	}
	slug := strings.TrimSpace(c.PostForm("slug"))
	weeks, err := strconv.Atoi(c.PostForm("weeks"))
	if err != nil || weeks < 1 || weeks > 520 {
		c.Redirect(http.StatusSeeOther, withFlash(activityPath(a.ID), "error", "weeks"))
		return
	}
	if !domain.ValidSlug(slug) {
		c.Redirect(http.StatusSeeOther, withFlash(activityPath(a.ID), "error", "slug"))
		return
	}
	id, err := s.store.CreateStaffActivity(c.Request.Context(), a.NextSeason(slug, weeks, s.tz), actor(c))
	if errors.Is(err, store.ErrDuplicate) {
		c.Redirect(http.StatusSeeOther, withFlash(activityPath(a.ID), "error", "slug_taken"))
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, withFlash(activityPath(id)+"/edit", "done", "duplicated"))
}

// staffActivityArchive archives an activity (archived=1) or brings it
// back; its sign-ups and history stay either way.
func (s *Server) staffActivityArchive(c *gin.Context) {
	a, ok := s.activityParam(c)
	if !ok {
		return
	}
	archive := c.PostForm("archived") == "1"
	if err := s.store.SetArchived(c.Request.Context(), a.ID, archive, actor(c)); err != nil {
		s.serverError(c, err)
		return
	}
	done := "restored"
	if archive {
		done = "archived"
	}
	c.Redirect(http.StatusSeeOther, withFlash(activityPath(a.ID), "done", done))
}

// staffActivityOpen opens (open=1) or closes sign-up.
func (s *Server) staffActivityOpen(c *gin.Context) {
	a, ok := s.activityParam(c)
	if !ok {
		return
	}
	open := c.PostForm("open") == "1"
	err := s.store.SetSignupOpenBy(c.Request.Context(), a.ID, open, actor(c))
	if errors.Is(err, store.ErrNotFound) { // archived: restore it first
		c.Redirect(http.StatusSeeOther, withFlash(activityPath(a.ID), "error", "archived"))
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	done := "closed"
	if open {
		done = "opened"
	}
	c.Redirect(http.StatusSeeOther, withFlash(activityPath(a.ID), "done", done))
}
