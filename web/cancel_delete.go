package web

import (
	"errors"
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// deleteOwnSubmit cancels the sign-up behind a private link and erases
// her name, phone number and answers, at her own request. Her place goes
// to the waiting list; the audit log records the erasure, naming no one.
func (s *Server) deleteOwnSubmit(c *gin.Context) {
	if _, ok := s.loadByToken(c); !ok {
		return
	}
	_, err := s.store.EraseOwnSignup(c.Request.Context(), c.Param("token"), s.now())
	if errors.Is(err, store.ErrNotFound) {
		s.renderError(c, http.StatusNotFound, "cancel.notfound.title", "cancel.notfound.body")
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	d, ok := s.loadByToken(c)
	if !ok {
		return
	}
	p := s.newPage(c, "deleted.title", d)
	p.Path = "/afmeld/" + c.Param("token") // the language links lead back to her link
	s.render(c, http.StatusOK, "deleted", p)
}
