package web_test

import (
	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/browsertest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
)

var (
	areaHeading = regexp.MustCompile(`<h2 id="area-([a-z-]+)">([^<]+)</h2>`)
	cardButton  = regexp.MustCompile(`<a href="/a/([a-z0-9-]+)" class="button">Tilmeld<span class="vh">`)
	fullBadge   = regexp.MustCompile(`<span class="badge">Fuldt – venteliste</span>`)
)

// TestHomeGroupsActivitiesByAreaWithAFilter checks the list of activities
// a resident meets: under the plan's four areas in the plan's order, each
// card with its own "Tilmeld" button, a full one marked "Fuldt –
// venteliste", and a filter of plain links that shows one area only.
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
	for _, want := range []string{`<a href="/?lang=da" aria-current="page">Alle</a>`, `<a href="/?lang=da&amp;omraade=beskaeftigelse">Job</a>`} {
		if !strings.Contains(home, want) {
			t.Errorf("the filter lacks %s", want)
		}
	}

	jobs := s.get("/?lang=da&omraade=beskaeftigelse").body
	var slugs []string
	for _, m := range cardButton.FindAllStringSubmatch(jobs, -1) {
		slugs = append(slugs, m[1])
	}
	slices.Sort(slugs)
	if got, want := strings.Join(slugs, " "), "hjaelpetraener jobaften jobforloeb-barista"; got != want {
		t.Errorf("filtered to jobs: %s, want %s", got, want)
	}
	if !strings.Contains(jobs, `<a href="/?lang=da&amp;omraade=beskaeftigelse" aria-current="page">Job</a>`) {
		t.Error("the filter does not mark the chosen area")
	}
	if got := len(cardButton.FindAllString(s.get("/?omraade=astrologi").body, -1)); got != 12 {
		t.Errorf("an unknown area shows %d activities, want all 12", got)
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
