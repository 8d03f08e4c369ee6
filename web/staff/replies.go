package staff

import (
	"errors"
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// maxReplies is how many unhandled replies the page shows at once.
const maxReplies = 200

// staffReplies lists the SMS replies that were no keyword, oldest first,
// for staff to read and deal with (a call, a changed sign-up).
func (s *Server) staffReplies(c *gin.Context) {
	replies, err := s.store.RepliesForStaff(c.Request.Context(), maxReplies)
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "replies", s.staffPage(c, "staff.replies.title", replies))
}

// staffReplyHandled takes a reply off the list.
func (s *Server) staffReplyHandled(c *gin.Context) {
	id, ok := idParam(c)
	if !ok {
		s.notFound(c)
		return
	}
	err := s.store.MarkReplyHandled(c.Request.Context(), id, s.now())
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(c)
	case err != nil:
		s.serverError(c, err)
	default:
		c.Redirect(http.StatusSeeOther, "/staff/replies")
	}
}
