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

// signupPath is the address of one sign-up's staff page.
func signupPath(id int64) string { return "/staff/signups/" + strconv.FormatInt(id, 10) }

// staffSignupStatus changes a sign-up's status under the capacity rules;
// a freed place goes to the first on the waiting list.
func (s *Server) staffSignupStatus(c *gin.Context) {
	id, ok := idParam(c)
	if !ok {
		s.notFound(c)
		return
	}
	reason := strings.TrimSpace(c.PostForm("reason"))
	res, err := s.store.ChangeSignupStatus(c.Request.Context(), store.SignupStatusChange{
		SignupID: id, To: domain.Status(c.PostForm("status")), Reason: reason, By: actor(c)})
	var rule *domain.RuleError
	var dup *store.AlreadySignedUpError
	switch {
	case errors.As(err, &rule):
		s.renderSignupError(c, signupPage{Reason: reason}, rule.Field, rule.Code)
	case errors.As(err, &dup):
		s.renderSignupError(c, signupPage{Reason: reason}, "status", "staff.error.already_active")
	case errors.Is(err, store.ErrNotFound):
		s.notFound(c)
	case err != nil:
		s.serverError(c, err)
	default:
		s.countSignup("", len(res.Promoted))
		c.Redirect(http.StatusSeeOther, withFlash(signupPath(id), "done", "status"))
	}
}

// staffSignupNote saves staff's note on a sign-up, refusing a CPR number.
func (s *Server) staffSignupNote(c *gin.Context) {
	id, ok := idParam(c)
	if !ok {
		s.notFound(c)
		return
	}
	note := strings.TrimSpace(c.PostForm("note"))
	if rule := domain.CheckNote(note); rule != nil {
		s.renderSignupError(c, signupPage{Note: note}, rule.Field, rule.Code)
		return
	}
	err := s.store.SetSignupNote(c.Request.Context(), id, note, actor(c))
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(c)
	case err != nil:
		s.serverError(c, err)
	default:
		c.Redirect(http.StatusSeeOther, withFlash(signupPath(id), "done", "note"))
	}
}

// renderSignupError shows the sign-up again with what was typed and why
// it was refused.
func (s *Server) renderSignupError(c *gin.Context, d signupPage, field, code string) {
	max := domain.MaxReasonLen
	if field == "note" {
		max = domain.MaxNoteLen
	}
	d.Errors = map[string]string{field: s.newPage(c, "").T(code, "Max", max)}
	s.renderSignup(c, http.StatusUnprocessableEntity, d)
}
