package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// sendLink answers a sign-up with a number signed up already, when SMS is
// on: her link goes to that number, and the page says only that a text is
// on its way if the number is signed up. It looks the same whether one was
// sent now or within the last ten minutes.
func (s *Server) sendLink(c *gin.Context, reference string) {
	if _, err := s.cfg.SendLink(c.Request.Context(), reference, s.now()); err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "message", s.newPage(c, "sms.page.sent.title", message{BodyID: "sms.page.sent.body", Home: true}))
}
