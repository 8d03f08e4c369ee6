package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/plans"
)

var consentHelp = regexp.MustCompile(`(?s)<p class="consent-text" id="f-(?:guardian_)?consent-help">.*?</p>`)

// The consent text says who keeps her data: the loaded plan. With the
// made-up second plan the form names it, in every language, and never
// Beboerprojekt Nordvest; the consent was written with that name in it.
func TestConsentTextNamesTheLoadedPlan(t *testing.T) {
	t.Parallel()
	pl, err := plans.Load("../plans/testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := newPlanSite(t, pl)
	for _, l := range locales.Languages {
		form := s.get("/a/strandrydding?lang=" + l.Tag).body
		consent := consentHelp.FindString(form)
		if !strings.Contains(consent, "Fjordbyen Bomiljø") || strings.Contains(form, "Nordvest") {
			t.Errorf("%s: the consent does not name the loaded plan, or the form names Nordvest: %s", l.Tag, consent)
		}
	}
}

// With the embedded plan the consent texts read as they did before the
// plan's name became a parameter.
func TestConsentTextWithNordvestReadsAsBefore(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	cases := []struct{ path, want string }{
		{"/a/mamamove?lang=da", "Beboerprojekt Nordvest gemmer det, du skriver her, for at holde styr på tilmeldingen og kontakte dig om aktiviteten. Vi sletter det senest et år efter, at aktiviteten er slut. Du kan altid melde dig fra."},
		{"/a/mamamove?lang=en", "Beboerprojekt Nordvest keeps what you write here to manage your sign-up and to contact you about the activity. We delete it at most one year after the activity ends. You can always cancel."},
		{"/a/eksamenstraening-dansk?lang=da", "Jeg er forælder eller værge og giver lov til, at mit barn deltager, og at Beboerprojekt Nordvest må kontakte mig om aktiviteten."},
		{"/a/mamamove?lang=so", "Beboerprojekt Nordvest waxay kaydinaysaa waxa aad halkan ku qorto."},
	}
	for _, c := range cases {
		var found bool
		for _, p := range consentHelp.FindAllString(s.get(c.path).body, -1) {
			found = found || strings.Contains(p, c.want)
		}
		if !found {
			t.Errorf("%s: no consent text reads %q", c.path, c.want)
		}
	}
}
