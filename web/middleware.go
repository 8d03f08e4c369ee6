package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
	"golang.org/x/text/language"
)

const (
	ctxRequestID = ui.CtxRequestID
	ctxLang      = ui.CtxLang
	langCookie   = "lang"
)

func (s *Server) requestID(c *gin.Context) {
	id := c.GetHeader("X-Request-Id")
	if id == "" || len(id) > 64 {
		b := make([]byte, 8)
		rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set(ctxRequestID, id)
	c.Header("X-Request-Id", id)
	c.Next()
}

func (s *Server) recoverPanic(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic", "request_id", c.GetString(ctxRequestID), "panic", v, "route", c.FullPath())
			s.renderError(c, http.StatusInternalServerError, "error.server.title", "error.server.body")
			c.Abort()
		}
	}()
	c.Next()
}

// securityHeaders allows no script at all and no framing: the pages work
// without JavaScript, and a form inside someone else's frame is a trap.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	// Cancel links carry a private token: never leak a URL to anyone.
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Next()
}

// strictTransport tells browsers to come back over https only, for a
// year, when the service is published over https: a resident on café
// Wi-Fi is then not sent her cancel link over plain http by someone in
// the middle. Over http (a laptop on the desk) the header would be
// ignored by browsers anyway, and it is not sent.
func (s *Server) strictTransport(c *gin.Context) {
	if s.secureCookies() {
		c.Header("Strict-Transport-Security", "max-age=31536000")
	}
	c.Next()
}

// chooseLanguage picks the language per request: ?lang=, then the cookie,
// then Accept-Language, then Danish. A ?lang= choice is remembered.
func (s *Server) chooseLanguage(c *gin.Context) {
	lang := ""
	if q := c.Query("lang"); q != "" {
		if _, ok := locales.Lookup(q); ok {
			lang = q
			http.SetCookie(c.Writer, &http.Cookie{Name: langCookie, Value: q, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies()})
		}
	}
	if lang == "" {
		if ck, err := c.Cookie(langCookie); err == nil {
			if _, ok := locales.Lookup(ck); ok {
				lang = ck
			}
		}
	}
	if lang == "" {
		lang = matchAcceptLanguage(s.matcher, c.GetHeader("Accept-Language"))
	}
	c.Set(ctxLang, lang)
	c.Next()
}

func matchAcceptLanguage(matcher language.Matcher, header string) string {
	if header == "" {
		return locales.Default
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return locales.Default
	}
	_, idx, conf := matcher.Match(tags...)
	if conf == language.No {
		return locales.Default
	}
	return locales.Languages[idx].Tag
}

func (s *Server) limitBody(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes)
	c.Next()
}

func (s *Server) secureCookies() bool {
	return len(s.cfg.BaseURL) >= 8 && s.cfg.BaseURL[:8] == "https://"
}
