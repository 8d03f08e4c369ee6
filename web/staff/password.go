package staff

import (
	"errors"
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// passwordPage is the data of the page that sets a password from a link.
type passwordPage struct {
	Staff  domain.Staff
	MinLen int
	Errors map[string]string
}

// linkStaff finds the account behind a password link, answering itself
// when the link is unknown, used or expired.
func (s *Server) linkStaff(c *gin.Context) (domain.Staff, bool) {
	st, err := s.store.PasswordLinkStaff(c.Request.Context(), c.Param("token"), s.now())
	if errors.Is(err, store.ErrNotFound) {
		s.staffMessage(c, http.StatusNotFound, "staff.password.invalid_title", "staff.password.invalid_body")
		return st, false
	}
	if err != nil {
		s.serverError(c, err)
		return st, false
	}
	return st, true
}

// staffPasswordPage shows the form to choose a password. Opening the link
// uses nothing up: chat apps open links to preview them.
func (s *Server) staffPasswordPage(c *gin.Context) {
	st, ok := s.linkStaff(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "password", s.staffPage(c, "staff.password.title",
		passwordPage{Staff: st, MinLen: domain.PasswordMinLen}))
}

// staffPasswordSubmit sets the password, uses the link up and logs the
// person in.
func (s *Server) staffPasswordSubmit(c *gin.Context) {
	st, ok := s.linkStaff(c)
	if !ok {
		return
	}
	pw := c.PostForm("password")
	if rule := domain.CheckNewPassword(pw, c.PostForm("repeat")); rule != nil {
		p := s.staffPage(c, "staff.password.title", nil)
		p.Data.(*staffData).Body = passwordPage{Staff: st, MinLen: domain.PasswordMinLen,
			Errors: map[string]string{rule.Field: p.T(rule.Code, "Min", domain.PasswordMinLen, "Max", domain.PasswordMaxLen)}}
		s.render(c, http.StatusUnprocessableEntity, "password", p)
		return
	}
	ctx := c.Request.Context()
	var hash string
	var err error
	if busy := s.hashes.do(ctx, func() { hash, err = domain.HashPassword(pw) }); busy != nil {
		s.hashBusy(c, busy)
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	st, err = s.store.UsePasswordLink(ctx, c.Param("token"), hash, s.now())
	if errors.Is(err, store.ErrNotFound) { // used by a double submission a moment ago
		s.staffMessage(c, http.StatusNotFound, "staff.password.invalid_title", "staff.password.invalid_body")
		return
	}
	if err == nil {
		err = s.store.Audit(ctx, store.AuditEntry{StaffID: st.ID, Action: domain.AuditPasswordSet,
			Subject: store.StaffSubject(st.ID), Addr: c.ClientIP()})
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	// She has just proved she holds the link and chosen the password:
	// asking her to type it again at once would only be in her way.
	s.startSession(c, st, withFlash("/staff/", "done", "password_set"))
}
