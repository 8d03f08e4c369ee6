package web

import (
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// apiActivity is one activity in the partners' JSON feed. The field names
// are a promise to partners' sites and calendars: keep them stable.
type apiActivity struct {
	Slug       string      `json:"slug"`
	Title      domain.Text `json:"title"`
	Area       domain.Area `json:"area"`
	StartsOn   string      `json:"starts_on,omitempty"`
	Capacity   *int        `json:"capacity"`
	Confirmed  int         `json:"confirmed"`
	Waitlisted int         `json:"waitlisted"`
	SignupOpen bool        `json:"signup_open"`
	URL        string      `json:"url"`
}

// apiActivities lists the activities that are not archived, with counts.
func (s *Server) apiActivities(c *gin.Context) {
	acts, err := s.store.ListActivities(c.Request.Context(), false)
	if err != nil {
		if store.IsUnavailable(err) {
			c.JSON(http.StatusServiceUnavailable, gin.H{"error": "database unavailable"})
			return
		}
		s.log.Error("api activities", "request_id", c.GetString(ctxRequestID), "err", err)
		c.JSON(http.StatusInternalServerError, gin.H{"error": "internal error"})
		return
	}
	out := make([]apiActivity, len(acts))
	for i, a := range acts {
		out[i] = apiActivity{
			Slug: a.Slug, Title: a.Texts.Title, Area: a.Area, Capacity: a.Capacity,
			Confirmed: a.Counts.Confirmed, Waitlisted: a.Counts.Waitlisted,
			SignupOpen: a.AcceptsSignups(), URL: s.cfg.BaseURL + "/a/" + a.Slug,
		}
		if !a.StartsOn.IsZero() {
			out[i].StartsOn = a.StartsOn.Format("2006-01-02")
		}
	}
	c.Header("Cache-Control", "public, max-age=60")
	c.Header("Access-Control-Allow-Origin", "*")
	c.JSON(http.StatusOK, gin.H{"activities": out})
}
