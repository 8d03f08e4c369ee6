package staff

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

const (
	// staffCookie holds the session token. Its path keeps it away from
	// the public pages, which have no use for it.
	staffCookie     = "tilmeld_staff"
	staffCookiePath = "/staff/"
	ctxStaff        = "staff"
	ctxLang         = ui.CtxLang // the language chosen for the request
)

// requireStaff lets a request through only with a live session, and then
// speaks the person's own language. Without one, a browser is sent to the
// login page and anything else (the roll call's script) gets 401.
func (s *Server) requireStaff(c *gin.Context) {
	if tok, err := c.Cookie(staffCookie); err == nil && tok != "" {
		me, err := s.store.StaffBySession(c.Request.Context(), tok, s.now())
		switch {
		case err == nil:
			c.Set(ctxStaff, me)
			c.Set(ctxLang, staffLang(me.Lang))
			c.Next()
			return
		case !errors.Is(err, store.ErrNotFound):
			s.serverError(c, err)
			c.Abort()
			return
		}
	}
	if !wantsHTML(c.Request) {
		c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "login required"})
		return
	}
	to := "/staff/login"
	if c.Request.Method == http.MethodGet {
		to += "?next=" + url.QueryEscape(c.Request.URL.RequestURI())
	}
	c.Redirect(http.StatusSeeOther, to)
	c.Abort()
}

// requireAdmin lets only admins through; requireStaff runs first.
func (s *Server) requireAdmin(c *gin.Context) {
	if me := currentStaff(c); !me.IsAdmin() {
		s.staffMessage(c, http.StatusForbidden, "staff.forbidden.title", "staff.forbidden.body")
		c.Abort()
		return
	}
	c.Next()
}

// currentStaff is the logged-in person; requireStaff put them there.
func currentStaff(c *gin.Context) domain.Staff {
	me, _ := c.Get(ctxStaff)
	st, _ := me.(domain.Staff)
	return st
}

// actor is the logged-in person and their address, for the audit log.
func actor(c *gin.Context) store.Actor {
	return store.Actor{StaffID: currentStaff(c).ID, Addr: c.ClientIP()}
}

// wantsHTML: browsers ask for text/html; a request with no Accept at all
// is treated as a browser too, so a bare link still lands on the login.
func wantsHTML(r *http.Request) bool {
	a := r.Header.Get("Accept")
	return a == "" || strings.Contains(a, "text/html")
}

// staffLanguage keeps the login pages to the languages the workspace is
// written in (Danish and English); requireStaff later replaces the choice
// with the person's own.
func (s *Server) staffLanguage(c *gin.Context) {
	c.Set(ctxLang, staffLang(c.GetString(ctxLang)))
	c.Next()
}

// staffLang returns tag if the staff messages exist in it, else Danish.
func staffLang(tag string) string {
	for _, l := range staffLangs() {
		if l.Tag == tag {
			return tag
		}
	}
	return locales.Default
}

// staffLangs are the languages of the staff message group.
func staffLangs() []locales.Language {
	var out []locales.Language
	for _, g := range locales.Groups {
		if g.Name != "staff" {
			continue
		}
		for _, l := range locales.Languages {
			if g.Covers(l.Tag) {
				out = append(out, l)
			}
		}
	}
	return out
}

// setSessionCookie hands the browser its session token.
func (s *Server) setSessionCookie(c *gin.Context, token string) {
	http.SetCookie(c.Writer, &http.Cookie{Name: staffCookie, Value: token, Path: staffCookiePath,
		MaxAge: int(domain.SessionTTL.Seconds()), HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies()})
}

// clearSessionCookie makes the browser forget its session token.
func (s *Server) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: staffCookie, Value: "", Path: staffCookiePath, MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies()})
}

// safeNext accepts only an address inside the workspace to return to
// after login, so the login page cannot be used to send people elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/staff/") || strings.ContainsAny(next, "\\\r\n") || strings.Contains(next, "//") || strings.Contains(next, "..") ||
		strings.HasPrefix(next, "/staff/login") {
		return "/staff/"
	}
	return next
}
