package web_test

import (
	"html"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestPrivacyNoticeAndConsentStateTheSameFacts renders the privacy notice
// and the consent box on a form in every language and finds in both every
// fact: each field the forms can ask for (e-mail too), the legal basis
// with the guardian's consent for a child, Slack as processor and the
// transfer basis, "at most one year" with the days, and the contact.
func TestPrivacyNoticeAndConsentStateTheSameFacts(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, web.Config{BaseURL: baseURL, Privacy: web.Privacy{
		Controller: "Testboligselskabet", Contact: "privatliv@example.dk", RetentionDays: 200}})
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	oneYear := map[string]string{"da": "senest et år", "en": "at most one year", "ar": "سنة على الأكثر", "so": "ugu dambayn hal sano",
		"tr": "en geç bir yıl", "ur": "زیادہ سے زیادہ ایک سال", "fa": "حداکثر یک سال"}
	basis := map[string][]string{"da": {"samtykke", "værge"}, "en": {"consent", "guardian"}, "ar": {"الموافقة", "الوصي"},
		"so": {"oggolaansho", "mas&#39;uulka"}, "tr": {"rıza", "vasi"}, "ur": {"رضامندی", "سرپرست"}, "fa": {"رضایت", "سرپرست"}}
	days := map[string]string{"ar": "٢٠٠", "fa": "۲۰۰"}
	consentBox := regexp.MustCompile(`(?s)<p class="consent-text" id="f-consent-help">.*?</ul>`)
	for _, l := range locales.Languages {
		loc := i18n.NewLocalizer(bundle, l.Tag)
		var want []string
		for _, key := range domain.PrivacyFieldKeys() {
			want = append(want, html.EscapeString(loc.MustLocalize(&i18n.LocalizeConfig{MessageID: "privacy.field." + key})))
		}
		d := days[l.Tag]
		if d == "" {
			d = "200"
		}
		want = append(want, "Slack", "EU-US Data Privacy Framework", oneYear[l.Tag], d, "Testboligselskabet", "privatliv@example.dk")
		want = append(want, basis[l.Tag]...)

		notice := s.get("/privatliv?lang=" + l.Tag).body
		mustContain(t, l.Tag+" privacy notice", notice, want...)
		box := consentBox.FindString(s.get("/a/mamamove?lang=" + l.Tag).body)
		mustContain(t, l.Tag+" consent box", box, want...)

		// The other places that promise deletion say it the same way.
		for _, id := range []string{"consent.signup.text", "cancelled.delete_help"} {
			if got := loc.MustLocalize(&i18n.LocalizeConfig{MessageID: id}); !strings.Contains(got, oneYear[l.Tag]) {
				t.Errorf("%s %s does not say %q: %s", l.Tag, id, oneYear[l.Tag], got)
			}
		}
	}
}

// TestPrivacyContactFallsBackToThePlan: with TILMELD_PRIVACY_CONTACT unset
// the notice still says whom to ask, the plan's contact; a plan with no
// contact at all does not start.
func TestPrivacyContactFallsBackToThePlan(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	plan := testPlan(t)
	if plan.Contact.Email == "" {
		t.Fatal("the test plan has no contact e-mail")
	}
	mustContain(t, "privacy notice without a configured contact", s.get("/privatliv?lang=en").body,
		html.EscapeString(plan.Contact.Email), html.EscapeString(plan.Name))

	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	plan.Contact = domain.Contact{}
	if _, err := web.New(s.st, plan, bundle, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BaseURL: baseURL}); err == nil ||
		!strings.Contains(err.Error(), "TILMELD_PRIVACY_CONTACT") {
		t.Fatalf("a plan without a contact started: %v", err)
	}
}
