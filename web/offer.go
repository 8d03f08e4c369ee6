package web

import (
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/gin-gonic/gin"
)

// Her answer to an offer of a place from the waiting list (store
// AcceptOffer, DeclineOffer): two plain forms on her own page, so it works
// without JavaScript. Answering twice, or after the offer ran out, changes
// nothing; the page she gets says where she stands.

// offerAccept gives her the place her offer holds.
func (s *Server) offerAccept(c *gin.Context) {
	if _, ok := s.loadByToken(c); !ok {
		return
	}
	su, err := s.store.AcceptOffer(c.Request.Context(), c.Param("token"))
	if err != nil {
		s.serverError(c, err)
		return
	}
	notice := ""
	if su.Status == domain.StatusConfirmed && su.OfferOutcome == domain.OfferAccepted {
		notice = "offer.accepted"
	}
	s.showOwnPage(c, notice)
}

// offerDecline cancels her sign-up; the place is offered to the next in line.
func (s *Server) offerDecline(c *gin.Context) {
	if _, ok := s.loadByToken(c); !ok {
		return
	}
	res, err := s.store.DeclineOffer(c.Request.Context(), c.Param("token"))
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.countSignup("", len(res.Promoted))
	notice := ""
	if res.Signup.OfferOutcome == domain.OfferDeclined {
		notice = "offer.declined"
	}
	s.showOwnPage(c, notice)
}

// showOwnPage renders her page as it stands now, with a notice of what
// her answer did.
func (s *Server) showOwnPage(c *gin.Context, notice string) {
	d, ok := s.loadByToken(c)
	if !ok {
		return
	}
	d.Notice = notice
	name, title := ownPage(d.Signup, s.now())
	s.render(c, http.StatusOK, name, s.newPage(c, title, d))
}
