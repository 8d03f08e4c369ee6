package web

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

// idemField carries the form's idempotency token: one rendered form makes
// at most one sign-up, however often it is submitted.
const idemField = "_idem"

// trapField is the honeypot: hidden from people by CSS, filled by robots
// that fill in every field they find. No third-party captcha is needed.
const trapField = "website"

// submitSignup validates a sign-up, stores it and shows the confirmation.
func (s *Server) submitSignup(c *gin.Context) {
	e, ok := s.loadActivity(c)
	if !ok {
		return
	}
	a := e.ActivityWithCounts
	if err := c.Request.ParseForm(); err != nil {
		s.badForm(c, err)
		return
	}
	if c.Request.PostForm.Get(trapField) != "" {
		// Only robots fill in the hidden field: store nothing, and say no
		// more than a bad request would.
		s.log.Info("honeypot filled", "request_id", c.GetString(ctxRequestID))
		s.renderError(c, http.StatusBadRequest, "error.badrequest.title", "error.badrequest.body")
		return
	}
	in := map[string][]string(c.Request.PostForm)
	idem := c.Request.PostForm.Get(idemField)
	if !validToken(idem) {
		// No token (a hand-made request): this submission gets its own.
		idem = domain.NewToken()
	}
	if !a.AcceptsSignups() {
		s.renderClosed(c, http.StatusConflict, a)
		return
	}
	now := s.now()
	ans, errs := a.ValidateSignup(in, now)
	if len(errs) > 0 {
		s.renderForm(c, http.StatusUnprocessableEntity, a, in, errs, idem)
		return
	}
	res, err := s.store.CreateSignup(c.Request.Context(), domain.NewSignup(a.Activity, ans, c.GetString(ctxLang), idem, now))
	var dup *store.AlreadySignedUpError
	switch {
	case errors.As(err, &dup):
		p := s.newPage(c, "already.title", alreadyPage{Activity: newCard(a), Reference: dup.Reference})
		s.render(c, http.StatusOK, "already", p)
	case errors.Is(err, store.ErrClosed):
		s.renderClosed(c, http.StatusConflict, a)
	case err != nil:
		s.serverError(c, err)
	default:
		if !res.Repeated {
			s.countSignup(string(res.Signup.Status), 0)
		}
		// Show the counts with her own sign-up in them, as the store
		// reported them with it: no second round trip.
		a.Counts = res.Counts
		s.renderConfirmation(c, a, res.Signup)
	}
}

// validToken accepts tokens of the shape domain.NewToken makes.
func validToken(t string) bool {
	if len(t) < 20 || len(t) > 64 || !utf8.ValidString(t) {
		return false
	}
	return strings.Trim(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}

// badForm answers a body that could not be read: too large, or malformed.
func (s *Server) badForm(c *gin.Context, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		s.renderError(c, http.StatusRequestEntityTooLarge, "error.toolarge.title", "error.toolarge.body")
		return
	}
	s.renderError(c, http.StatusBadRequest, "error.badrequest.title", "error.badrequest.body")
}

type alreadyPage struct {
	Activity  activityCard
	Reference string
}

// confirmationPage is what a resident sees after signing up.
type confirmationPage struct {
	Activity  activityCard
	Signup    domain.Signup
	CancelURL string
}

func (s *Server) renderConfirmation(c *gin.Context, a store.ActivityWithCounts, su domain.Signup) {
	data := confirmationPage{Activity: newCard(a), Signup: su, CancelURL: s.cfg.BaseURL + "/afmeld/" + su.CancelToken}
	s.render(c, http.StatusOK, "confirmation", s.newPage(c, "confirmation.title", data))
}
