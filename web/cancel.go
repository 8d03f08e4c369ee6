package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

// cancelData is the data of the private cancel page.
type cancelData struct {
	Activity ui.ActivityCard
	Signup   domain.Signup
	Notice   string // message id of what her last action did; "" for none
}

// loadByToken finds the sign-up and activity behind a private link.
func (s *Server) loadByToken(c *gin.Context) (cancelData, bool) {
	su, err := s.store.SignupByToken(c.Request.Context(), c.Param("token"))
	if errors.Is(err, store.ErrNotFound) {
		s.renderError(c, http.StatusNotFound, "cancel.notfound.title", "cancel.notfound.body")
		return cancelData{}, false
	}
	if err != nil {
		s.serverError(c, err)
		return cancelData{}, false
	}
	a, err := s.store.ActivityByID(c.Request.Context(), su.ActivityID)
	if err != nil {
		s.serverError(c, err)
		return cancelData{}, false
	}
	return cancelData{Activity: ui.NewCard(a), Signup: su}, true
}

// cancelPage shows the sign-up and a button to cancel it. Opening the link
// changes nothing: phones and chat apps fetch links to preview them.
func (s *Server) cancelPage(c *gin.Context) {
	d, ok := s.loadByToken(c)
	if !ok {
		return
	}
	name, title := ownPage(d.Signup, s.now())
	s.render(c, http.StatusOK, name, s.newPage(c, title, d))
}

// ownPage is the template and title of her page for where she stands.
func ownPage(su domain.Signup, now time.Time) (name, title string) {
	switch {
	case !su.ErasedAt.IsZero():
		return "deleted", "deleted.title"
	case su.OfferOpen(now):
		return "offer", "offer.title"
	case su.OfferRanOut(now):
		return "offer_expired", "offer.expired.title"
	case !su.Status.Active():
		return "cancelled", "cancel.title"
	}
	return "cancel", "cancel.title"
}

// cancelSubmit cancels the sign-up; its place goes to the waiting list.
func (s *Server) cancelSubmit(c *gin.Context) {
	if _, ok := s.loadByToken(c); !ok {
		return
	}
	res, err := s.store.CancelSignup(c.Request.Context(), c.Param("token"))
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.countSignup("", len(res.Promoted))
	if len(res.Promoted) > 0 {
		s.log.Info("waiting list promoted", "request_id", c.GetString(ctxRequestID),
			"activity_id", res.Signup.ActivityID, "promoted", len(res.Promoted))
	}
	d, ok := s.loadByToken(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "cancelled", s.newPage(c, "cancelled.title", d))
}
