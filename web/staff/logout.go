package staff

import (
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// staffLogout ends this session, or with everywhere=1 every session of
// the account (a phone left behind, a shared computer).
func (s *Server) staffLogout(c *gin.Context) {
	ctx, me := c.Request.Context(), currentStaff(c)
	action := domain.AuditLogout
	var err error
	if c.PostForm("everywhere") == "1" {
		action = domain.AuditLogoutAll
		err = s.store.DeleteStaffSessions(ctx, me.ID)
	} else {
		tok, _ := c.Cookie(staffCookie)
		err = s.store.DeleteSession(ctx, tok)
	}
	if err == nil {
		err = s.store.Audit(ctx, store.AuditEntry{StaffID: me.ID, Action: action, Subject: store.StaffSubject(me.ID), Addr: c.ClientIP()})
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.clearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, withFlash("/staff/login", "done", "logged_out"))
}
