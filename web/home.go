package web

import (
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// home lists the activities open for sign-up.
func (s *Server) home(c *gin.Context) {
	acts, err := s.store.ListActivities(c.Request.Context(), true)
	if err != nil {
		s.serverError(c, err)
		return
	}
	cards := make([]activityCard, len(acts))
	for i, a := range acts {
		cards[i] = newCard(a)
	}
	s.render(c, http.StatusOK, "home", s.newPage(c, "home.title", cards))
}

// activityCard is an activity as the list and the form page show it.
type activityCard struct {
	store.ActivityWithCounts
	PlacesLeft int    // -1: no limit
	placesText string // shown instead of the count of places (a marker, see renderConfirmation)
}

func newCard(a store.ActivityWithCounts) activityCard {
	return activityCard{ActivityWithCounts: a, PlacesLeft: a.PlacesLeft(a.Counts)}
}

// Full reports that new sign-ups go to the waiting list.
func (a activityCard) Full() bool { return a.PlacesLeft == 0 }

// Limited reports whether the activity has a capacity.
func (a activityCard) Limited() bool { return a.PlacesLeft >= 0 }
