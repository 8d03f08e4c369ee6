package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/browsertest"
	"github.com/chromedp/chromedp"
)

var (
	areaHeading = regexp.MustCompile(`<h2 id="area-([a-z-]+)">([^<]+)</h2>`)
	cardButton  = regexp.MustCompile(`<a href="/a/([a-z0-9-]+)" class="button">Tilmeld<span class="vh">`)
	fullBadge   = regexp.MustCompile(`<span class="badge">Fuldt – venteliste</span>`)
)

// TestHomeGroupsActivitiesByAreaWithAFilter checks the list of activities
// a resident meets: under the plan's four areas in the plan's order, each
// card with its own "Tilmeld" button, a full one marked "Fuldt –
// venteliste", and a filter of plain links by who the activity is for.
func TestHomeGroupsActivitiesByAreaWithAFilter(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if _, err := s.st.DB().Exec(`UPDATE activities SET capacity = 0 WHERE slug = 'jobaften'`); err != nil {
		t.Fatal(err)
	}
	home := s.get("/?lang=da").body
	var areas []string
	for _, m := range areaHeading.FindAllStringSubmatch(home, -1) {
		areas = append(areas, m[2])
	}
	if want := "Uddannelse og livschancer|Job og beskæftigelse|Tryghed og forebyggelse|Fællesskab og medborgerskab"; strings.Join(areas, "|") != want {
		t.Errorf("area headings %q, want %q", areas, want)
	}
	if got := len(cardButton.FindAllString(home, -1)); got != 12 {
		t.Errorf("%d cards with a Tilmeld button, want one on each of the 12", got)
	}
	if got := fullBadge.FindAllStringIndex(home, -1); len(got) != 1 {
		t.Errorf("%d cards marked full, want 1 (jobaften)", len(got))
	}
	for _, want := range []string{`<a href="/?lang=da" aria-current="page">Alle</a>`, `<a href="/?for=youth&amp;lang=da">Unge</a>`} {
		if !strings.Contains(home, want) {
			t.Errorf("the filter lacks %s", want)
		}
	}
	if got := len(cardButton.FindAllString(s.get("/?for=astrologi").body, -1)); got != 12 {
		t.Errorf("an unknown audience shows %d activities, want all 12", got)
	}
}

// TestHomeFilterShowsExactlyTheActivitiesForEachAudience follows each of
// the filter's four links: the page lists exactly the open activities the
// plan says are for that audience, still under their areas in the plan's
// order, and marks the chosen link.
func TestHomeFilterShowsExactlyTheActivitiesForEachAudience(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	// Who each is for, from the target groups in the cooperation agreement.
	want := map[domain.Audience]string{
		domain.AudienceChildren: "familieoplevelsesklubben",
		domain.AudienceYouth:    "eksamenstraening-dansk eksamenstraening-matematik hjaelpetraener jobforloeb-barista raad-til-bolig",
		domain.AudienceAdults: "dialogaften-foraeldre foraeldre-for-forandring jobaften mamamove raad-til-bolig " +
			"tryghedsmoede-munkevangen valgambassador",
		domain.AudienceFamilies: "familieoplevelsesklubben mamamove",
	}
	label := map[domain.Audience]string{domain.AudienceChildren: "Børn", domain.AudienceYouth: "Unge",
		domain.AudienceAdults: "Voksne", domain.AudienceFamilies: "Familier"}
	areaOrder := []string{}
	for _, a := range testPlan(t).Areas {
		areaOrder = append(areaOrder, string(a.Key))
	}
	for _, aud := range domain.Audiences {
		href := "/?for=" + string(aud) + "&lang=da"
		page := s.get(href).body
		var slugs []string
		for _, m := range cardButton.FindAllStringSubmatch(page, -1) {
			slugs = append(slugs, m[1])
		}
		slices.Sort(slugs)
		if got := strings.Join(slugs, " "); got != want[aud] {
			t.Errorf("for=%s shows %s, want %s", aud, got, want[aud])
		}
		// The plan agrees: every open activity it gives this audience.
		var fromPlan []string
		for _, a := range testPlan(t).Activities {
			if a.Open && !a.Archived && a.For(aud) {
				fromPlan = append(fromPlan, a.Slug)
			}
		}
		slices.Sort(fromPlan)
		if got := strings.Join(slugs, " "); got != strings.Join(fromPlan, " ") {
			t.Errorf("for=%s shows %s; the plan gives it %v", aud, got, fromPlan)
		}
		var areas []string
		for _, m := range areaHeading.FindAllStringSubmatch(page, -1) {
			areas = append(areas, m[1])
		}
		if !slices.IsSortedFunc(areas, func(a, b string) int { return slices.Index(areaOrder, a) - slices.Index(areaOrder, b) }) {
			t.Errorf("for=%s: areas %v are not in the plan's order", aud, areas)
		}
		if cur := `<a href="` + strings.ReplaceAll(href, "&", "&amp;") + `" aria-current="page">` + label[aud] + `</a>`; !strings.Contains(page, cur) {
			t.Errorf("for=%s: the filter does not mark %s", aud, cur)
		}
		if strings.Contains(page, `<a href="/?lang=da" aria-current="page">`) {
			t.Errorf("for=%s: \"Alle\" is still marked as chosen", aud)
		}
	}
}

// TestHomeFilterSaysWhenAGroupHasNothingOpen: with the family club closed,
// nothing is open for children; the page says so and points to "Alle",
// rather than claiming nothing at all is open.
func TestHomeFilterSaysWhenAGroupHasNothingOpen(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if _, err := s.st.DB().Exec(`UPDATE activities SET signup_open = false WHERE slug = 'familieoplevelsesklubben'`); err != nil {
		t.Fatal(err)
	}
	page := s.get("/?for=children&lang=da").body
	mustContain(t, "an empty filter", page, "Der er ingen åbne aktiviteter for denne gruppe lige nu.", `<a href="/?lang=da">Alle</a>`)
	if n := len(cardButton.FindAllString(page, -1)); n != 0 {
		t.Errorf("%d cards for children with the family club closed", n)
	}
}

// TestHomeFitsSixScreensOnAPhone measures the list of activities at
// 360×640: in Danish it must be at most six screens long (it was 14).
// The other languages' lengths are logged, to watch.
func TestHomeFitsSixScreensOnAPhone(t *testing.T) {
	b, site := startSharedBrowser(t, time.Minute)
	tab := b.phoneTab(t)
	for _, l := range locales.Languages {
		browsertest.OpenPage(t, tab, site.URL+"/?lang="+l.Tag)
		h := browsertest.JS[int](t, tab, "measure the page", `document.body.scrollHeight`)
		t.Logf("%s: %d px, %.1f screens", l.Tag, h, float64(h)/phoneHeight)
		if l.Tag == "da" || l.Tag == "ar" {
			browsertest.SaveScreenshot(t, tab, "home-"+l.Tag+".png")
		}
		if l.Tag == "da" && h > 6*phoneHeight {
			t.Errorf("the Danish list is %d px, %.1f screens; want at most 6 (%d px)", h, float64(h)/phoneHeight, 6*phoneHeight)
		}
	}
}

// TestFilteredHomeOnAPhone opens the list filtered to youth at 360×640 in
// Danish and in Arabic (right to left): nothing scrolls sideways, the
// chosen filter link is on the first screen and marked, and only youth
// activities are listed. The screenshots go to the test's temporary folder.
func TestFilteredHomeOnAPhone(t *testing.T) {
	b, site := startSharedBrowser(t, time.Minute)
	for _, lang := range []string{"da", "ar"} {
		t.Run(lang, func(t *testing.T) {
			tab := b.phoneTab(t)
			browsertest.OpenPage(t, tab, site.URL+"/?for=youth&lang="+lang)
			if w := browsertest.JS[int](t, tab, "read the page width", `document.documentElement.scrollWidth`); w > phoneWidth {
				t.Errorf("the filtered list is %d px wide on a %d px phone", w, phoneWidth)
			}
			chosen := browsertest.JS[bool](t, tab, "find the chosen filter link", `(() => {
				const a = document.querySelector('.filter a[aria-current="page"]');
				if (!a || !a.href.includes("for=youth")) return false;
				const r = a.getBoundingClientRect();
				return r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
			})()`)
			if !chosen {
				t.Error(`the chosen "youth" link is not marked on the first screen`)
			}
			if n := browsertest.JS[int](t, tab, "count the cards", `document.querySelectorAll(".card").length`); n != 5 {
				t.Errorf("%d cards for youth, want 5", n)
			}
			png := browsertest.Value(t, tab, "take a screenshot", chromedp.FullScreenshot(100))
			path := filepath.Join(t.TempDir(), "home-youth-"+lang+".png")
			if err := os.WriteFile(path, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot: %s", path)
		})
	}
}
