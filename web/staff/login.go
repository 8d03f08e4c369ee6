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

// loginPage is the data of the login form.
type loginPage struct {
	Email string
	Next  string
	Error string
}

// staffLoginPage shows the login form, or the workspace to someone
// already logged in.
func (s *Server) staffLoginPage(c *gin.Context) {
	if tok, err := c.Cookie(staffCookie); err == nil && tok != "" {
		if _, err := s.store.StaffBySession(c.Request.Context(), tok, s.now()); err == nil {
			c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
			return
		}
	}
	s.renderLogin(c, http.StatusOK, loginPage{Next: safeNext(c.Query("next"))})
}

func (s *Server) renderLogin(c *gin.Context, status int, d loginPage) {
	s.render(c, status, "login", s.staffPage(c, "staff.login.title", d))
}

// staffLoginSubmit checks the password, unless the account or the
// address is locked after too many failures, and starts a session. The
// attempt is counted before the password is checked, so guesses sent all
// at once are held to the same limit as guesses sent one by one. Every
// attempt is written to the audit log.
func (s *Server) staffLoginSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	email, pw := domain.NormaliseEmail(c.PostForm("email")), c.PostForm("password")
	d := loginPage{Email: email, Next: safeNext(c.PostForm("next"))}
	cand, err := s.store.LoginCandidate(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.serverError(c, err)
		return
	}
	subject := ""
	if cand.ID != 0 {
		subject = store.StaffSubject(cand.ID)
	}
	attempt, err := s.store.BeginLogin(ctx, email, c.ClientIP(), s.now())
	if err != nil {
		s.serverError(c, err)
		return
	}
	if attempt.Refused {
		s.loginLocked(c, d, subject, attempt)
		return
	}
	match, err := s.checkPassword(ctx, cand, pw)
	if err != nil || match {
		// Right, or not checked at all: either way not a failure.
		if err := s.store.UncountLogin(context.WithoutCancel(ctx), attempt); err != nil {
			s.serverError(c, err)
			return
		}
	}
	switch {
	case err != nil:
		s.hashBusy(c, err)
	case match:
		s.startSession(c, cand.Staff, d.Next)
	default:
		s.loginFailed(c, d, attempt, subject)
	}
}

// checkPassword hashes pw when its turn comes (passwordWork) and compares.
func (s *Server) checkPassword(ctx context.Context, cand store.LoginCandidate, pw string) (bool, error) {
	match := false
	err := s.hashes.do(ctx, func() {
		if cand.PasswordHash == "" {
			// No account, or no password yet: take as long as a wrong
			// password, so the answer's speed does not tell which.
			domain.SpendPasswordTime(pw)
		} else {
			match = domain.PasswordMatches(cand.PasswordHash, pw)
		}
	})
	return match, err
}

// startSession logs someone in on this browser.
func (s *Server) startSession(c *gin.Context, me domain.Staff, next string) {
	ctx, now, tok := c.Request.Context(), s.now(), domain.NewToken()
	if err := s.store.CreateSession(ctx, me.ID, tok, now, now.Add(domain.SessionTTL)); err != nil {
		s.serverError(c, err)
		return
	}
	if err := s.store.Audit(ctx, store.AuditEntry{StaffID: me.ID, Action: domain.AuditLoginOK,
		Subject: store.StaffSubject(me.ID), Addr: c.ClientIP()}); err != nil {
		s.serverError(c, err)
		return
	}
	s.setSessionCookie(c, tok)
	c.Redirect(http.StatusSeeOther, next)
}

// loginFailed locks what has failed ten times, and says so without
// telling whether the address has an account.
func (s *Server) loginFailed(c *gin.Context, d loginPage, attempt store.LoginAttempt, subject string) {
	ctx, now := c.Request.Context(), s.now()
	locks, err := s.store.LoginFailed(ctx, attempt)
	if err == nil {
		err = s.store.Audit(ctx, store.AuditEntry{Action: domain.AuditLoginFailed, Subject: subject, Addr: c.ClientIP()})
	}
	if err == nil {
		err = s.auditNewLocks(c, locks, subject)
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	if locks.Account || locks.Address {
		d.Error = s.lockedMessage(c, locks.Until)
		c.Header("Retry-After", retryAfter(locks.Until.Sub(now)))
		s.renderLogin(c, http.StatusTooManyRequests, d)
		return
	}
	d.Error = s.newPage(c, "").T("staff.login.wrong")
	s.renderLogin(c, http.StatusUnauthorized, d)
}

// auditNewLocks writes a line for each lock a login has just set.
func (s *Server) auditNewLocks(c *gin.Context, locks store.NewLocks, subject string) error {
	for _, l := range []struct {
		set  bool
		kind string
	}{{locks.Account, "account"}, {locks.Address, "address"}} {
		if !l.set {
			continue
		}
		if err := s.store.Audit(c.Request.Context(), store.AuditEntry{Action: domain.AuditLockSet, Subject: subject,
			Addr: c.ClientIP(), Detail: map[string]any{"kind": l.kind, "until": locks.Until}}); err != nil {
			return err
		}
	}
	return nil
}

// loginLocked refuses a login while a lock holds, without checking the
// password, so guessing on gets nowhere.
func (s *Server) loginLocked(c *gin.Context, d loginPage, subject string, attempt store.LoginAttempt) {
	err := s.store.Audit(c.Request.Context(), store.AuditEntry{Action: domain.AuditLoginLocked, Subject: subject, Addr: c.ClientIP()})
	if err == nil {
		err = s.auditNewLocks(c, attempt.Locks, subject)
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	d.Error = s.lockedMessage(c, attempt.Until)
	c.Header("Retry-After", retryAfter(attempt.Until.Sub(s.now())))
	s.renderLogin(c, http.StatusTooManyRequests, d)
}

func (s *Server) lockedMessage(c *gin.Context, until time.Time) string {
	p := s.newPage(c, "")
	return p.T("staff.login.locked", "Minutes", int(domain.LoginLockout.Minutes()), "Time", p.Time(until))
}

func retryAfter(d time.Duration) string {
	secs := int(d.Seconds()) + 1
	if secs < 1 {
		secs = 1
	}
	return strconv.Itoa(secs)
}
