package web

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

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
	idem, fresh := s.readFormToken(a.Slug, c.Request.PostForm.Get(ui.IdemField))
	if idem == "" {
		// No token (a hand-made request): this form gets its own.
		idem = domain.NewToken()
	}
	if !a.AcceptsSignups() {
		s.renderClosed(c, http.StatusConflict, a)
		return
	}
	if !fresh {
		// Sent with no form loaded, too soon after loading it (a robot),
		// or a day later: nothing is stored, and her answers come back
		// in a fresh form, to be sent again.
		s.log.Info("form token missing or stale", "request_id", c.GetString(ctxRequestID))
		s.renderForm(c, http.StatusUnprocessableEntity, a, in, nil, idem, "form.resend")
		return
	}
	now := s.now()
	ans, errs := a.ValidateSignup(s.plan, in, now)
	if len(errs) > 0 {
		s.renderForm(c, http.StatusUnprocessableEntity, a, in, errs, idem, "")
		return
	}
	su := domain.NewSignup(a.Activity, ans, c.GetString(ctxLang), idem, now)
	su.NoSMS = ui.NoSMS(s.cfg.SMS, in)
	res, err := s.store.CreateSignup(c.Request.Context(), su)
	var dup *store.AlreadySignedUpError
	switch {
	case errors.As(err, &dup) && s.cfg.SendLink != nil:
		s.sendLink(c, dup.Reference)
	case errors.As(err, &dup):
		p := s.newPage(c, "already.title", alreadyPage{Activity: ui.NewCard(a), Reference: dup.Reference})
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
		s.renderConfirmation(c, e, a, res.Signup)
	}
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
	Activity  ui.ActivityCard
	Reference string
}

// confirmationPage is what a resident sees after signing up.
type confirmationPage struct {
	Activity  ui.ActivityCard
	Signup    domain.Signup
	CancelURL string
	// Waitlist is her place on the waiting list in words, "" with a place.
	Waitlist string
}

// The confirmation page differs from one sign-up to the next only in her
// reference, her cancel link, her place on the waiting list and the count
// of places; the rest is the same for everyone with the same activity,
// language and status. It is rendered once per cached activity with
// these markers in those four places, and each sign-up's values are put
// in. Under a rush this saves the template run, most of the service's own
// work per sign-up (BenchmarkConfirmationPage).
const (
	refMarker      = "REFxMARKERxREF"
	cancelMarker   = "CANCELxMARKERxCANCEL"
	waitlistMarker = "WAITLISTxMARKERxWAITLIST"
	placesMarker   = "PLACESxMARKERxPLACES"
)

// confirmationData is the page's data for su; the markers' page when su
// holds the markers.
func (s *Server) confirmationData(p *ui.Page, a store.ActivityWithCounts, su domain.Signup) confirmationPage {
	data := confirmationPage{Activity: ui.NewCard(a), Signup: su, CancelURL: s.cfg.BaseURL + "/afmeld/" + su.CancelToken}
	if su.Status == domain.StatusWaitlisted {
		data.Waitlist = p.T("confirmation.waitlist", "Count", su.Position)
	}
	return data
}

func (s *Server) renderConfirmation(c *gin.Context, e *cachedActivity, a store.ActivityWithCounts, su domain.Signup) {
	p := s.newPage(c, "confirmation.title", nil)
	data := s.confirmationData(p, a, su)
	key := "confirmation\x00" + p.Lang.Tag + "\x00" + string(su.Status) + "\x00" + p.Path
	b, err := e.cached(key, func() ([]byte, error) {
		marked := data
		marked.Activity.PlacesText = placesMarker
		marked.Signup = domain.Signup{Status: su.Status, Reference: refMarker}
		marked.CancelURL = s.cfg.BaseURL + "/afmeld/" + cancelMarker
		if marked.Waitlist != "" {
			marked.Waitlist = waitlistMarker
		}
		p.Data = marked
		return s.renderBytes("confirmation", p)
	})
	if err == nil {
		b = fillMarkers(b, refMarker, su.Reference, cancelMarker, su.CancelToken,
			waitlistMarker, htmlText(data.Waitlist), placesMarker, htmlText(p.Places(data.Activity)))
	}
	s.writePage(c, http.StatusOK, "confirmation", b, err)
}

// fillMarkers replaces each marker in b by its value: pairs are marker,
// value, …; a marker may occur more than once, markers do not overlap.
func fillMarkers(b []byte, pairs ...string) []byte {
	size := len(b)
	for i := 0; i+1 < len(pairs); i += 2 {
		size += bytes.Count(b, []byte(pairs[i])) * (len(pairs[i+1]) - len(pairs[i]))
	}
	out := make([]byte, 0, size)
	for len(b) > 0 {
		at, which := len(b), -1
		for i := 0; i+1 < len(pairs); i += 2 {
			if j := bytes.Index(b[:at], []byte(pairs[i])); j >= 0 {
				at, which = j, i
			}
		}
		out = append(out, b[:at]...)
		if which < 0 {
			break
		}
		out = append(out, pairs[which+1]...)
		b = b[at+len(pairs[which]):]
	}
	return out
}

// htmlText escapes text for an HTML text node exactly as html/template
// does, so a filled-in page is byte for byte the page the template would
// have made.
var htmlText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;",
	"+", "&#43;", "<", "&lt;", ">", "&gt;").Replace
