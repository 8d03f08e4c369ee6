package web

import (
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

// home lists the activities open for sign-up.
func (s *Server) home(c *gin.Context) {
	acts, err := s.store.ListActivities(c.Request.Context(), true)
	if err != nil {
		s.serverError(c, err)
		return
	}
	cards := make([]ui.ActivityCard, len(acts))
	for i, a := range acts {
		cards[i] = ui.NewCard(a)
	}
	s.render(c, http.StatusOK, "home", s.newPage(c, "home.title", cards))
}
