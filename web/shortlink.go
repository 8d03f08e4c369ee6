package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// shortLink opens the page an SMS's short link (/m/{code}) stands for:
// her own sign-up's page, in the language she signed up in, whatever
// browser opens it. It only redirects: the page is the private link's,
// and opening it changes nothing.
func (s *Server) shortLink(c *gin.Context) {
	su, err := s.store.SignupByShortCode(c.Request.Context(), c.Param("code"))
	if errors.Is(err, store.ErrNotFound) {
		s.renderError(c, http.StatusNotFound, "cancel.notfound.title", "cancel.notfound.body")
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Referrer-Policy", "no-referrer")
	if su.CancelToken == "" {
		// No key derives her link (start-up normally gives her one that
		// can): say so in her language rather than send her to "/afmeld/".
		if _, ok := locales.Lookup(su.Lang); ok {
			c.Set(ctxLang, su.Lang)
		}
		s.renderError(c, http.StatusOK, "shortlink.nopage.title", "shortlink.nopage.body")
		return
	}
	c.Redirect(http.StatusSeeOther, "/afmeld/"+url.PathEscape(su.CancelToken)+"?"+url.Values{"lang": {su.Lang}}.Encode())
}
