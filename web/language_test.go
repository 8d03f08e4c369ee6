package web

import (
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"golang.org/x/text/language"
)

// testPage is a page in language tag, as handlers make them.
func testPage(t *testing.T, tag string) *ui.Page {
	t.Helper()
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	l, ok := locales.Lookup(tag)
	if !ok {
		t.Fatalf("no language %s", tag)
	}
	tz, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	return ui.NewPage(bundle, tz, l.Tag)
}

func TestNumbersDatesAndTimesFollowTheLanguage(t *testing.T) {
	day := time.Date(2027, 1, 12, 16, 30, 0, 0, time.UTC) // 17.30 in Copenhagen
	for _, tc := range []struct {
		tag, places, date, time string
	}{
		{"da", "3 pladser tilbage", "12. januar 2027", "17.30"},
		{"en", "3 places left", "12 January 2027", "17:30"},
		{"ar", "بقيت ٣ أماكن", "١٢ يناير ٢٠٢٧", "١٧:٣٠"},
		{"so", "3 meelood ayaa haray", "12 Janaayo 2027", "17:30"},
		{"tr", "3 yer kaldı", "12 Ocak 2027", "17:30"},
		{"ur", "3 جگہیں باقی ہیں", "12 جنوری 2027", "17:30"},
		{"fa", "۳ جا مانده است", "۱۲ ژانویه ۲۰۲۷", "۱۷:۳۰"},
	} {
		p := testPage(t, tc.tag)
		if got := p.T("places.left", "Count", 3); got != tc.places {
			t.Errorf("%s: places.left(3) = %q, want %q", tc.tag, got, tc.places)
		}
		if got := p.Date(day); got != tc.date {
			t.Errorf("%s: Date = %q, want %q", tc.tag, got, tc.date)
		}
		if got := p.Time(day); got != tc.time {
			t.Errorf("%s: Time = %q, want %q", tc.tag, got, tc.time)
		}
	}
}

func TestPluralFormFollowsTheNumberNotItsDigits(t *testing.T) {
	// Arabic's dual is chosen by the count 2, written ٢ or not at all.
	if got := testPage(t, "ar").T("places.left", "Count", 2); got != "بقي مكانان" {
		t.Errorf("ar places.left(2) = %q", got)
	}
	if got := testPage(t, "ar").T("places.left", "Count", 11); got != "بقي ١١ مكانًا" {
		t.Errorf("ar places.left(11) = %q", got)
	}
}

// A catalogue text missing in the page's language falls back to Danish and
// is marked up as Danish, left to right; one in the page's language costs
// no attributes.
func TestCatalogueFallbackIsMarkedDanish(t *testing.T) {
	onlyDanish := domain.Text{"da": "Kun på dansk"}
	both := domain.Text{"da": "Dansk", "so": "Soomaali", "fa": "فارسی"}
	so, fa := testPage(t, "so"), testPage(t, "fa")
	for _, tc := range []struct {
		p         *ui.Page
		text      domain.Text
		wantAttrs string
	}{
		{so, onlyDanish, ` lang="da"`},
		{fa, onlyDanish, ` lang="da" dir="ltr"`},
		{so, both, ``},
		{fa, both, ``},
	} {
		if got := string(tc.p.TextAttrs(tc.text)); got != tc.wantAttrs {
			t.Errorf("%s %v: TextAttrs = %q, want %q", tc.p.Lang.Tag, tc.text, got, tc.wantAttrs)
		}
	}
	if got := string(fa.Inline(onlyDanish)); got != `<span lang="da" dir="ltr">Kun på dansk</span>` {
		t.Errorf("Inline fallback = %s", got)
	}
	if got := string(fa.Inline(both)); got != "فارسی" {
		t.Errorf("Inline = %s", got)
	}
}

// Catalogue text inside a translated sentence is isolated in its own
// language's direction, so "MamaMove – …" in Farsi does not reorder.
func TestTitleInASentenceIsIsolated(t *testing.T) {
	fa := testPage(t, "fa")
	title := domain.Text{"da": "MamaMove – træning for mødre", "fa": "MamaMove – ورزش برای مادران"}
	if got := fa.Isolate(title); got != "\u2067MamaMove – ورزش برای مادران\u2069" {
		t.Errorf("Farsi title isolated as %q, want a right-to-left isolate", got)
	}
	if got := fa.Isolate(domain.Text{"da": "Kun dansk"}); got != "\u2066Kun dansk\u2069" {
		t.Errorf("Danish fallback isolated as %q, want a left-to-right isolate", got)
	}
}

func TestEveryCataloguePictogramIsDrawn(t *testing.T) {
	acts := testPlan(t).Activities
	p := testPage(t, "da")
	for _, a := range acts {
		svg := string(p.Pictogram(a.Pictogram))
		if a.Pictogram == "" || !strings.HasPrefix(svg, `<svg class="picto" viewBox="0 0 24 24" aria-hidden="true" focusable="false">`) {
			t.Errorf("%s: pictogram %q is not drawn: %q", a.Slug, a.Pictogram, svg)
		}
		if len(svg) > 600 {
			t.Errorf("%s: pictogram %q is %d bytes; keep it small for the page budget", a.Slug, a.Pictogram, len(svg))
		}
	}
	if got := p.Pictogram("no-such-picture"); got != "" {
		t.Errorf("unknown pictogram drew %q", got)
	}
}

func TestAcceptLanguageFindsEveryLanguage(t *testing.T) {
	m := language.NewMatcher(locales.Tags())
	for header, want := range map[string]string{
		"so-SO,so;q=0.9":          "so",
		"tr-TR,tr;q=0.9,en;q=0.5": "tr",
		"ur-PK":                   "ur",
		"fa-IR,fa;q=0.9":          "fa",
		"fa-AF":                   "fa", // Dari speakers from Afghanistan
		"ar-IQ,ar;q=0.9":          "ar",
		"de-DE":                   "da", // not spoken here: Danish
	} {
		if got := matchAcceptLanguage(m, header); got != want {
			t.Errorf("Accept-Language %q chose %q, want %q", header, got, want)
		}
	}
}
