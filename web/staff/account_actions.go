package staff

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// NewPasswordLink makes a one-time link, valid for domain.PasswordLinkTTL,
// with which an account's owner sets a password. The web page for admins
// and the "tilmeld staff" command share it.
func NewPasswordLink(ctx context.Context, st *store.Store, baseURL string, staffID int64, now time.Time) (string, time.Time, error) {
	tok, expires := domain.NewToken(), now.Add(domain.PasswordLinkTTL)
	if err := st.CreatePasswordLink(ctx, staffID, tok, now, expires); err != nil {
		return "", time.Time{}, err
	}
	return baseURL + "/staff/password/" + tok, expires, nil
}

// accountParam loads the account named in the address.
func (s *Server) accountParam(c *gin.Context) (domain.Staff, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.notFound(c)
		return domain.Staff{}, false
	}
	st, err := s.store.StaffByID(c.Request.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(c)
		return st, false
	}
	if err != nil {
		s.serverError(c, err)
		return st, false
	}
	return st, true
}

// staffAccountDeactivate closes an account and ends its sessions. Admins
// cannot close their own, so the last admin cannot lock everyone out.
func (s *Server) staffAccountDeactivate(c *gin.Context) {
	st, ok := s.accountParam(c)
	if !ok {
		return
	}
	if st.ID == currentStaff(c).ID {
		c.Redirect(http.StatusSeeOther, withFlash("/staff/accounts", "error", "deactivate_self"))
		return
	}
	err := s.store.DeactivateStaff(c.Request.Context(), st.ID, s.now())
	if err == nil {
		err = s.store.Audit(c.Request.Context(), actor(c).Entry(domain.AuditStaffDeactivate, store.StaffSubject(st.ID), nil))
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) { // already closed: nothing to do
		s.serverError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, withFlash("/staff/accounts", "done", "deactivated"))
}

// staffAccountLink makes a new password link for an active account, for
// a forgotten password or a lost first link.
func (s *Server) staffAccountLink(c *gin.Context) {
	st, ok := s.accountParam(c)
	if !ok {
		return
	}
	if !st.Active {
		c.Redirect(http.StatusSeeOther, withFlash("/staff/accounts", "error", "inactive"))
		return
	}
	s.showPasswordLink(c, st)
}
