package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/crypt"
	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/plans"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

const baseURL = "https://tilmeld.example.dk"

// site is the public web service on a fresh database seeded with the
// real catalogue, plus the log it writes.
type site struct {
	t   *testing.T
	h   http.Handler
	st  *store.Store
	log *bytes.Buffer
}

func newSite(t *testing.T) *site {
	s, _ := newSiteBehindProxy(t, web.Config{BaseURL: baseURL})
	return s
}

// newSiteWith is a site with its own configuration.
func newSiteWith(t *testing.T, cfg web.Config) *site {
	s, _ := newSiteBehindProxy(t, cfg)
	return s
}

// newSiteBehindProxy reaches its database through a relay the test can cut.
func newSiteBehindProxy(t *testing.T, cfg web.Config) (*site, *storetest.Proxy) {
	t.Helper()
	proxy, dbURL := storetest.NewProxy(t, storetest.NewDatabase(t))
	return siteOn(t, dbURL, cfg), proxy
}

// siteOn is one instance of the service on the database at dbURL, which
// it migrates and seeds if need be; several may share one database.
func siteOn(t *testing.T, dbURL string, cfg web.Config) *site {
	t.Helper()
	return siteOnKeys(t, dbURL, cfg, storetest.Keys())
}

// siteOnKeys is siteOn with a keyring of its own (a key rotation).
func siteOnKeys(t *testing.T, dbURL string, cfg web.Config, keys *crypt.Keyring) *site {
	t.Helper()
	return planSiteOn(t, dbURL, cfg, testPlan(t), keys)
}

// newPlanSite is the service with plan pl loaded instead of the embedded
// one, as TILMELD_PLAN loads it, seeded with pl's own catalogue.
func newPlanSite(t *testing.T, pl *domain.Plan) *site {
	t.Helper()
	return planSiteOn(t, storetest.NewDatabase(t), web.Config{BaseURL: baseURL}, pl, storetest.Keys())
}

func planSiteOn(t *testing.T, dbURL string, cfg web.Config, pl *domain.Plan, keys *crypt.Keyring) *site {
	t.Helper()
	st, err := store.Open(context.Background(), dbURL, store.WithKeys(keys))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SeedActivities(context.Background(), pl.Activities); err != nil {
		t.Fatal(err)
	}
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	var logBuf bytes.Buffer
	h, err := web.New(st, pl, bundle, slog.New(slog.NewJSONHandler(&logBuf, nil)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &site{t: t, h: h, st: st, log: &logBuf}
}

type response struct {
	*http.Response
	body string
}

func (s *site) do(req *http.Request) response {
	s.t.Helper()
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return response{res, string(b)}
}

func (s *site) get(path string, headers ...string) response {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return s.do(req)
}

func (s *site) post(path string, form url.Values) response {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.do(req)
}

// idem reads the idempotency token out of a rendered form.
func idem(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="_idem" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("form has no idempotency token")
	}
	return m[1]
}

func mamaMoveForm(token string) url.Values {
	return url.Values{
		"_idem": {token}, "name": {"Testperson Alfa"}, "phone": {"22 33 44 55"},
		"department": {"fsb-01-29"}, "children_count": {"2"}, "children_ages": {"3 og 7"}, "consent": {"yes"},
	}
}

var referencePattern = regexp.MustCompile(`<p class="ref" dir="ltr">([A-Z0-9]{6})</p>`)

func reference(t *testing.T, body string) string {
	t.Helper()
	m := referencePattern.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no reference on the page:\n%s", body)
	}
	return m[1]
}

func TestHomeListsOpenActivitiesInTheChosenLanguage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	res := s.get("/")
	if res.StatusCode != 200 || !strings.Contains(res.body, `<html lang="da" dir="ltr">`) {
		t.Fatalf("home: %d\n%s", res.StatusCode, res.body)
	}
	for _, want := range []string{"MamaMove", `href="/a/eksamenstraening-dansk"`, "15 pladser tilbage"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("Danish home lacks %q", want)
		}
	}
	ar := s.get("/?lang=ar")
	if !strings.Contains(ar.body, `<html lang="ar" dir="rtl">`) || !strings.Contains(ar.body, "الأنشطة") {
		t.Fatalf("Arabic home is not Arabic and right to left")
	}
	if ck := ar.Header.Get("Set-Cookie"); !strings.Contains(ck, "lang=ar") || !strings.Contains(ck, "HttpOnly") {
		t.Fatalf("?lang=ar did not set the language cookie: %q", ck)
	}
	// The cookie is remembered; Accept-Language is used when there is none.
	if res := s.get("/", "Cookie", "lang=en"); !strings.Contains(res.body, `lang="en"`) {
		t.Fatal("language cookie ignored")
	}
	if res := s.get("/", "Accept-Language", "ar-SA,ar;q=0.9,en;q=0.5"); !strings.Contains(res.body, `<html lang="ar"`) {
		t.Fatal("Accept-Language ar ignored")
	}
	if res := s.get("/", "Accept-Language", "ja"); !strings.Contains(res.body, `<html lang="da"`) {
		t.Fatal("unsupported Accept-Language did not fall back to Danish")
	}
	if res := s.get("/?lang=xx"); !strings.Contains(res.body, `<html lang="da"`) || res.Header.Get("Set-Cookie") != "" {
		t.Fatal("an unknown ?lang= was accepted")
	}
}

func TestLanguageSwitcherNamesEachLanguageInItself(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	res := s.get("/a/mamamove?lang=en")
	for _, want := range []string{
		`<a href="/a/mamamove?lang=da" lang="da" dir="ltr" hreflang="da">Dansk</a>`,
		`<a href="/a/mamamove?lang=ar" lang="ar" dir="rtl" hreflang="ar">العربية</a>`,
		`<a href="/a/mamamove?lang=so" lang="so" dir="ltr" hreflang="so">Soomaali</a>`,
		`<a href="/a/mamamove?lang=tr" lang="tr" dir="ltr" hreflang="tr">Türkçe</a>`,
		`<a href="/a/mamamove?lang=ur" lang="ur" dir="rtl" hreflang="ur">اردو</a>`,
		`<a href="/a/mamamove?lang=fa" lang="fa" dir="rtl" hreflang="fa">فارسی</a>`,
		`lang="en" dir="ltr" hreflang="en" aria-current="true">English</a>`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("switcher lacks %s", want)
		}
	}
}

func TestSignupShowsReferenceAndPrivateCancelLink(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	form := s.get("/a/mamamove")
	if form.StatusCode != 200 {
		t.Fatalf("form: %d", form.StatusCode)
	}
	res := s.post("/a/mamamove?lang=da", mamaMoveForm(idem(t, form.body)))
	if res.StatusCode != 200 {
		t.Fatalf("submit: %d\n%s", res.StatusCode, res.body)
	}
	ref := reference(t, res.body)
	if strings.ContainsAny(ref, "0O1IL") {
		t.Fatalf("reference %s has an ambiguous character", ref)
	}
	if !strings.Contains(res.body, "Du har fået en plads") {
		t.Fatal("confirmation does not say she has a place")
	}
	if !strings.Contains(res.body, "19 pladser tilbage") {
		t.Fatal("confirmation does not count her own place (MamaMove has 20)")
	}
	link := regexp.MustCompile(`href="` + regexp.QuoteMeta(baseURL) + `(/afmeld/[A-Za-z0-9_-]{43})"`).FindStringSubmatch(res.body)
	if link == nil {
		t.Fatal("no private cancel link on the confirmation")
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("confirmation Cache-Control = %q, want no-store", cc)
	}
	// The stored sign-up has the normalised phone (sealed in the
	// database, so read through the store) and the consent version.
	var row struct {
		Phone, Version, Status string
	}
	var id int64
	if err := s.st.DB().QueryRow(`SELECT id, consent_version, status FROM signups WHERE reference = $1`, ref).
		Scan(&id, &row.Version, &row.Status); err != nil {
		t.Fatal(err)
	}
	if su, err := s.st.StaffSignupByID(context.Background(), id); err == nil {
		row.Phone = su.Phone
	}
	if row.Phone != "+4522334455" || row.Version == "" || row.Status != "confirmed" {
		t.Fatalf("stored %+v", row)
	}
	// Opening the link changes nothing; the button cancels.
	page := s.get(link[1])
	if page.StatusCode != 200 || !strings.Contains(page.body, "Ja, meld mig fra") {
		t.Fatalf("cancel page: %d", page.StatusCode)
	}
	done := s.post(link[1], url.Values{})
	if done.StatusCode != 200 || !strings.Contains(done.body, "Du er meldt fra") {
		t.Fatalf("cancel: %d\n%s", done.StatusCode, done.body)
	}
	if s.get("/afmeld/not-a-real-token").StatusCode != 404 {
		t.Fatal("an unknown cancel token did not answer 404")
	}
}

func TestEmptySubmissionShowsErrorSummaryAndKeepsValues(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	tok := idem(t, s.get("/a/mamamove?lang=ar").body)
	res := s.post("/a/mamamove?lang=ar", url.Values{"_idem": {tok}, "name": {"سارة"}, "phone": {"123"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	for _, want := range []string{
		`class="error-summary" role="alert" tabindex="-1" autofocus`,
		`<a href="#f-phone">رقم الجوال: `, `<a href="#f-department-street">يُرجى اختيار مكان السكن</a>`, `<a href="#f-consent">`,
		`value="سارة"`, // what she typed is kept
		`aria-describedby="f-phone-help f-phone-error" aria-invalid="true"`,
		"يُرجى كتابة رقم جوال من ٨ أرقام", // the message in her language, in her digits
		`name="_idem" value="` + tok + `"`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("error page lacks %s", want)
		}
	}
	if strings.Contains(res.body, `<a href="#f-name">`) {
		t.Error("a filled-in name is reported as an error")
	}
	var n int
	s.st.DB().Get(&n, `SELECT count(*) FROM signups`)
	if n != 0 {
		t.Fatalf("%d sign-ups stored from an invalid form", n)
	}
}

func TestReloadedPostMakesOneSignup(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	form := mamaMoveForm(idem(t, s.get("/a/mamamove").body))
	first := reference(t, s.post("/a/mamamove", form).body)
	second := reference(t, s.post("/a/mamamove", form).body)
	if first != second {
		t.Fatalf("a resubmitted form gave two references, %s and %s", first, second)
	}
	var n int
	s.st.DB().Get(&n, `SELECT count(*) FROM signups`)
	if n != 1 {
		t.Fatalf("%d rows after a double submission", n)
	}
}

func TestSamePhoneIsToldSheIsAlreadySignedUp(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	first := reference(t, s.post("/a/mamamove", mamaMoveForm(idem(t, s.get("/a/mamamove").body))).body)
	again := mamaMoveForm(idem(t, s.get("/a/mamamove").body))
	again.Set("phone", "+45 2233 4455")
	res := s.post("/a/mamamove", again)
	if res.StatusCode != 200 || !strings.Contains(res.body, "allerede tilmeldt") || reference(t, res.body) != first {
		t.Fatalf("second sign-up with the same phone:\n%s", res.body)
	}
}

func TestBadInputNeverGets500(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	big := url.Values{"name": {strings.Repeat("a", 70<<10)}}
	if res := s.post("/a/mamamove", big); res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.body, "For meget tekst") {
		t.Errorf("70 KB body: %d", res.StatusCode)
	}
	bad := mamaMoveForm(idem(t, s.get("/a/mamamove").body))
	bad.Set("name", "Test\xffperson")
	if res := s.post("/a/mamamove", bad); res.StatusCode != 422 || !strings.Contains(res.body, "tegn, vi ikke kan læse") {
		t.Errorf("invalid UTF-8: %d", res.StatusCode)
	}
	if res := s.get("/a/findes-ikke?lang=en"); res.StatusCode != 404 || !strings.Contains(res.body, "Page not found") {
		t.Errorf("unknown slug: %d", res.StatusCode)
	}
	if res := s.post("/a/findes-ikke", url.Values{}); res.StatusCode != 404 {
		t.Errorf("POST to unknown slug: %d", res.StatusCode)
	}
	cpr := mamaMoveForm(idem(t, s.get("/a/mamamove").body))
	cpr.Set("children_ages", "010203-1234")
	if res := s.post("/a/mamamove", cpr); res.StatusCode != 422 || !strings.Contains(res.body, "Skriv ikke et CPR-nummer") {
		t.Errorf("CPR number in a text field: %d", res.StatusCode)
	}
	if strings.Contains(s.log.String(), "panic") {
		t.Errorf("log shows a panic: %s", s.log.String())
	}
}

func TestClosedActivitySaysSo(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	a, err := s.st.ActivityBySlug(context.Background(), "valgambassador")
	if err != nil {
		t.Fatal(err)
	}
	tok := idem(t, s.get("/a/valgambassador").body)
	if err := s.st.SetSignupOpen(context.Background(), a.ID, false); err != nil {
		t.Fatal(err)
	}
	if res := s.get("/a/valgambassador?lang=en"); res.StatusCode != 200 || !strings.Contains(res.body, "Sign-up is closed.") || strings.Contains(res.body, "<form") {
		t.Fatalf("closed activity page: %d\n%s", res.StatusCode, res.body)
	}
	if res := s.post("/a/valgambassador", url.Values{"_idem": {tok}}); res.StatusCode != http.StatusConflict {
		t.Fatalf("POST to closed activity: %d", res.StatusCode)
	}
	if strings.Contains(s.get("/").body, "/a/valgambassador") {
		t.Fatal("closed activity still listed on the home page")
	}
}

func TestAgeLimitIsEnforced(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	tok := idem(t, s.get("/a/valgambassador").body)
	res := s.post("/a/valgambassador?lang=en", url.Values{"_idem": {tok}, "name": {"Testperson Beta"},
		"phone": {"22334466"}, "department": {"fsb-01-29"}, "birth_year": {"2012"}, "all_sessions": {"yes"}, "consent": {"yes"}})
	if res.StatusCode != 422 || !strings.Contains(res.body, "This activity is for people aged 18 or over") {
		t.Fatalf("a 14-year-old signing up as voter ambassador: %d\n%s", res.StatusCode, res.body)
	}
}

// TestAgeLimitWithNoUpperAgeReadsWhole: valgambassadør is 18+, with no upper
// age; the message once read "mellem 18 og  år".
func TestAgeLimitWithNoUpperAgeReadsWhole(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	tok := idem(t, s.get("/a/valgambassador").body)
	form := url.Values{"_idem": {tok}, "name": {"Testperson Beta"}, "phone": {"22334467"}, "department": {"fsb-01-29"},
		"birth_year": {"2010"}, "all_sessions": {"yes"}, "consent": {"yes"}}
	res := s.post("/a/valgambassador", form)
	if res.StatusCode != 422 || !strings.Contains(res.body, "Aktiviteten er for dem, der er fyldt 18 år") {
		t.Fatalf("Danish 16-year-old: %d\n%s", res.StatusCode, res.body)
	}
	if strings.Contains(res.body, "og  år") || strings.Contains(res.body, "mellem 18") {
		t.Fatalf("the age message names an upper age the activity does not have:\n%s", res.body)
	}
	for _, l := range []string{"ar", "so", "tr", "ur", "fa"} {
		res := s.post("/a/valgambassador?lang="+l, form)
		if strings.Contains(res.body, "error.age") {
			t.Errorf("%s: message id shown instead of text", l)
		}
	}
}

func TestCrossSitePostIsRefused(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	req := httptest.NewRequest(http.MethodPost, "/a/mamamove", strings.NewReader(mamaMoveForm("x").Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := s.do(req); res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d", res.StatusCode)
	}
	var n int
	s.st.DB().Get(&n, `SELECT count(*) FROM signups`)
	if n != 0 {
		t.Fatal("a cross-site POST stored a sign-up")
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	h := s.get("/a/mamamove").Header
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "style-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %s", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP allows script: %q", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("headers: %v", h)
	}
}

func TestHTTPSOnlyWhenPublishedOverHTTPS(t *testing.T) {
	t.Parallel()
	for base, want := range map[string]string{baseURL: "max-age=31536000", "http://localhost:8080": ""} {
		s := newSiteWith(t, web.Config{BaseURL: base})
		for _, path := range []string{"/", "/a/mamamove", "/staff/login", "/healthz"} {
			if got := s.get(path).Header.Get("Strict-Transport-Security"); got != want {
				t.Errorf("base %s, %s: Strict-Transport-Security %q, want %q", base, path, got, want)
			}
		}
	}
}

func TestAPIActivitiesForPartners(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	reference(t, s.post("/a/familieoplevelsesklubben", url.Values{"_idem": {idem(t, s.get("/a/familieoplevelsesklubben").body)},
		"name": {"Testperson Gamma"}, "phone": {"22334477"}, "department": {"aab-49"}, "adults": {"1"}, "children": {"2"}, "consent": {"yes"}}).body)
	res := s.get("/api/activities")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("api: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var out struct {
		Activities []struct {
			Slug       string            `json:"slug"`
			Title      map[string]string `json:"title"`
			Capacity   *int              `json:"capacity"`
			Confirmed  int               `json:"confirmed"`
			Waitlisted int               `json:"waitlisted"`
			SignupOpen bool              `json:"signup_open"`
		} `json:"activities"`
	}
	if err := json.Unmarshal([]byte(res.body), &out); err != nil {
		t.Fatal(err)
	}
	bySlug := map[string]int{}
	for i, a := range out.Activities {
		bySlug[a.Slug] = i
	}
	fam := out.Activities[bySlug["familieoplevelsesklubben"]]
	if fam.Capacity == nil || *fam.Capacity != 12 || fam.Confirmed != 1 || !fam.SignupOpen || fam.Title["ar"] == "" {
		t.Fatalf("familieoplevelsesklubben in the feed: %+v", fam)
	}
	job := out.Activities[bySlug["jobaften"]]
	if job.Capacity != nil {
		t.Fatalf("jobaften has no limit but the feed says %v", *job.Capacity)
	}
	if strings.Contains(res.body, "Testperson") || strings.Contains(res.body, "22334477") {
		t.Fatal("the public feed exposes a resident")
	}
}

func TestDatabaseOutageIsATranslated503AndRecovers(t *testing.T) {
	t.Parallel()
	s, proxy := newSiteBehindProxy(t, web.Config{BaseURL: baseURL})
	if res := s.get("/healthz"); res.StatusCode != 200 {
		t.Fatalf("healthz %d", res.StatusCode)
	}
	if res := s.get("/readyz"); res.StatusCode != 200 {
		t.Fatalf("readyz %d", res.StatusCode)
	}
	tok := idem(t, s.get("/a/mamamove").body)
	proxy.Cut() // the database is unreachable
	if res := s.get("/healthz"); res.StatusCode != 200 {
		t.Fatalf("healthz depends on the database: %d", res.StatusCode)
	}
	if res := s.get("/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("readyz with no database: %d", res.StatusCode)
	}
	if res := s.get("/a/mamamove?lang=en"); res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(res.body, "try again in a moment") {
		t.Fatalf("form with no database: %d\n%s", res.StatusCode, res.body)
	}
	if res := s.post("/a/mamamove?lang=ar", mamaMoveForm(tok)); res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(res.body, "يُرجى المحاولة بعد قليل") {
		t.Fatalf("sign-up with no database: %d\n%s\nlog: %s", res.StatusCode, res.body, s.log)
	}
	proxy.Restore() // and back, without a restart
	if res := s.get("/readyz"); res.StatusCode != 200 {
		t.Fatalf("readyz after recovery: %d", res.StatusCode)
	}
	if res := s.post("/a/mamamove", mamaMoveForm(tok)); res.StatusCode != 200 {
		t.Fatalf("sign-up after recovery: %d", res.StatusCode)
	}
}

// TestFormPageFitsOneRoundTrip holds the page-weight budget: the MamaMove
// form's HTML and CSS together at most 14 KB gzip, in every language.
func TestFormPageFitsOneRoundTrip(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	const budget = 14 * 1024
	for _, l := range locales.Languages {
		page := s.get("/a/mamamove?lang="+l.Tag, "Accept-Encoding", "gzip")
		if page.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s: page not compressed", l.Tag)
		}
		html := gunzip(t, page.body)
		css := regexp.MustCompile(`href="(/static/app\.[0-9a-f]+\.css)"`).FindStringSubmatch(html)
		if css == nil {
			t.Fatalf("%s: no stylesheet link", l.Tag)
		}
		sheet := s.get(css[1], "Accept-Encoding", "gzip")
		if sheet.StatusCode != 200 || sheet.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("stylesheet: %d", sheet.StatusCode)
		}
		total := len(page.body) + len(sheet.body)
		t.Logf("%s: form %d B + css %d B = %d B gzip (budget %d)", l.Tag, len(page.body), len(sheet.body), total, budget)
		if total > budget {
			t.Errorf("%s: MamaMove form is %d bytes gzip with its CSS, over the %d budget", l.Tag, total, budget)
		}
	}
}

func gunzip(t *testing.T, s string) string {
	t.Helper()
	r, err := gzip.NewReader(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPublicFolderServesFilesAndNothingOutsideIt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "plakat.txt"), []byte("MamaMove i januar"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := newSiteWith(t, web.Config{BaseURL: baseURL, PublicDir: dir})
	if res := s.get("/public/plakat.txt"); res.StatusCode != 200 || res.body != "MamaMove i januar" {
		t.Fatalf("public file: %d %q", res.StatusCode, res.body)
	}
	for _, p := range []string{"/public/../web_test.go", "/public/%2e%2e/go.mod", "/public/missing.txt"} {
		if res := s.get(p); res.StatusCode == 200 {
			t.Errorf("%s answered 200", p)
		}
	}
}

// testPlan is the embedded Beboerprojekt Nordvest plan the tests run with.
func testPlan(t testing.TB) *domain.Plan {
	t.Helper()
	p, err := plans.Default()
	if err != nil {
		t.Fatal(err)
	}
	return p
}
