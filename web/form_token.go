package web

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
)

// A form token is what the form's hidden _idem field carries: the form's
// idempotency key, the moment the form was made, and the service's
// signature of that moment and the activity, as "key.unixtime.signature".
// It is a cheap proof that a person loaded the form, with no script: a
// hand-made POST has none, a robot sends its POST the moment the form
// arrives, and a form left open since yesterday is not taken for today's.
// The key is left out of the signature: a form's key is no secret, and
// whoever reuses one stamp for many people still meets the per-address
// limit (load tests do, with TILMELD_FORM_MIN_AGE=0: bench/run.sh).

// formMaxAge is how long a loaded form can be sent.
const formMaxAge = 24 * time.Hour

// DefaultFormMinAge is how long a form must have been open before it is
// sent: no person reads and fills one in under three seconds.
const DefaultFormMinAge = 3 * time.Second

// formToken makes the token for a form of the activity with this key.
func (s *Server) formToken(slug, key string) (string, error) {
	at := strconv.FormatInt(s.now().Unix(), 10)
	sig, err := s.store.SignForm(formTokenContent(slug, at))
	if err != nil {
		return "", err
	}
	return key + "." + at + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// readFormToken returns the idempotency key in a form token, "" if there
// is none, and whether the token is this service's for this activity,
// made between FormMinAge and formMaxAge ago.
func (s *Server) readFormToken(slug, tok string) (key string, fresh bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || !ui.ValidToken(parts[0]) {
		return "", false
	}
	key = parts[0]
	unix, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return key, false
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !s.store.FormSigned(formTokenContent(slug, parts[1]), sig) {
		return key, false
	}
	age := s.now().Sub(time.Unix(unix, 0))
	return key, age >= s.cfg.FormMinAge && age <= formMaxAge
}

func formTokenContent(slug, at string) string {
	return "form\x00" + slug + "\x00" + at
}
