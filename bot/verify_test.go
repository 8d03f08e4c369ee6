package bot

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

// Slack's own example from "Verifying requests from Slack".
const (
	exampleSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	exampleTimestamp = "1531420618"
	exampleBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	exampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func exampleHeaders() http.Header {
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", exampleTimestamp)
	h.Set("X-Slack-Signature", exampleSignature)
	return h
}

func at(unix int64) func() time.Time { return func() time.Time { return time.Unix(unix, 0) } }

func TestSlackSigningExampleVerifiesAtItsOwnTime(t *testing.T) {
	v := Verifier{Secret: exampleSecret, Now: at(1531420618)}
	if err := v.Verify(exampleHeaders(), []byte(exampleBody)); err != nil {
		t.Fatalf("Slack's example refused: %v", err)
	}
	// Just inside the window on either side.
	for _, now := range []int64{1531420618 + 299, 1531420618 - 299} {
		if err := (Verifier{Secret: exampleSecret, Now: at(now)}).Verify(exampleHeaders(), []byte(exampleBody)); err != nil {
			t.Fatalf("at %d: %v", now, err)
		}
	}
}

func TestSlackSigningExampleFailsFiveMinutesLater(t *testing.T) {
	v := Verifier{Secret: exampleSecret, Now: at(1531420618 + 5*60 + 1)}
	if err := v.Verify(exampleHeaders(), []byte(exampleBody)); !errors.Is(err, ErrStaleSignature) {
		t.Fatalf("five minutes later: %v, want ErrStaleSignature", err)
	}
}

func TestSlackSigningExampleFailsWithOneByteChanged(t *testing.T) {
	v := Verifier{Secret: exampleSecret, Now: at(1531420618)}
	body := []byte(exampleBody)
	body[len(body)-1] ^= 1
	if err := v.Verify(exampleHeaders(), body); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("changed body: %v, want ErrBadSignature", err)
	}
}

func TestUnsignedOrMalformedRequestsAreRefused(t *testing.T) {
	v := Verifier{Secret: exampleSecret, Now: at(1531420618)}
	cases := map[string]http.Header{
		"no headers":     {},
		"bad timestamp":  {"X-Slack-Request-Timestamp": {"soon"}, "X-Slack-Signature": {exampleSignature}},
		"no v0 prefix":   {"X-Slack-Request-Timestamp": {exampleTimestamp}, "X-Slack-Signature": {exampleSignature[3:]}},
		"not hex":        {"X-Slack-Request-Timestamp": {exampleTimestamp}, "X-Slack-Signature": {"v0=zz"}},
		"other secret's": {"X-Slack-Request-Timestamp": {exampleTimestamp}, "X-Slack-Signature": {"v0=" + "00" + exampleSignature[5:]}},
	}
	for name, h := range cases {
		if err := v.Verify(h, []byte(exampleBody)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
