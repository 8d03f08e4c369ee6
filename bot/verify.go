package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// SignatureWindow is how far a request's timestamp may be from now before
// it is refused, so a recorded request cannot be replayed later.
const SignatureWindow = 5 * time.Minute

// Errors of signature verification.
var (
	ErrMissingSignature = errors.New("slack: request is not signed")
	ErrStaleSignature   = errors.New("slack: request timestamp is outside the window")
	ErrBadSignature     = errors.New("slack: request signature does not match")
)

// Verifier checks that a request comes from Slack, as Slack describes in
// "Verifying requests from Slack": an HMAC-SHA256, keyed with the signing
// secret, over "v0:" + timestamp + ":" + the raw body.
type Verifier struct {
	Secret string
	Now    func() time.Time // injectable for tests
}

// Verify checks the signature headers against the raw body. It must run
// before the body is parsed, so nothing unsigned is ever acted on.
func (v Verifier) Verify(h http.Header, body []byte) error {
	ts, sig := h.Get("X-Slack-Request-Timestamp"), h.Get("X-Slack-Signature")
	if ts == "" || sig == "" {
		return ErrMissingSignature
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return ErrMissingSignature
	}
	if d := v.Now().Sub(time.Unix(secs, 0)); d > SignatureWindow || d < -SignatureWindow {
		return ErrStaleSignature
	}
	got, err := hex.DecodeString(strings.TrimPrefix(sig, "v0="))
	if err != nil || !strings.HasPrefix(sig, "v0=") {
		return ErrBadSignature
	}
	if !hmac.Equal(got, Sign(v.Secret, ts, body)) {
		return ErrBadSignature
	}
	return nil
}

// Sign computes the v0 signature of a body; tests use it to sign requests.
func Sign(secret, timestamp string, body []byte) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + timestamp + ":"))
	mac.Write(body)
	return mac.Sum(nil)
}
