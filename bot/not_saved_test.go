package bot

import (
	"testing"

	"github.com/slack-go/slack"
)

func TestNotSavedIsToldInTheLanguageSlackOrTheModalGives(t *testing.T) {
	cases := []struct {
		locale, metadata, want string
	}{
		{"en-US", "", "en"},
		{"da-DK", "en", "da"}, // her client's language first
		{"", "en", "en"},      // a partner's modal, shown in English
		{"", "da", "da"},
		{"", "1042", "da"}, // a staff modal: its metadata is the referral
		{"", "", "da"},
	}
	for _, c := range cases {
		var ic slack.InteractionCallback
		ic.User.Locale, ic.View.PrivateMetadata = c.locale, c.metadata
		if got := submitterLang(ic); got != c.want {
			t.Errorf("locale %q, metadata %q: %q, want %q", c.locale, c.metadata, got, c.want)
		}
	}
}

func TestOnlyAnHTTPResponseURLIsPostedTo(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://hooks.slack.com/actions/T0/1/xyz": true,
		"http://127.0.0.1:4000/hooks/actions/T0/1": true,
		"":                   false,
		"/actions/T0/1/xyz":  false,
		"file:///etc/passwd": false,
		"https://":           false,
	} {
		if _, err := responseURL(raw); (err == nil) != ok {
			t.Errorf("response_url %q: err %v, want usable %v", raw, err, ok)
		}
	}
}
