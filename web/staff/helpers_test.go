package staff_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
	"github.com/beboerprojekt-nordvest/tilmeld/web/staff"
)

// staffPassword is what every test account's password is set to.
const staffPassword = "en lang og god adgangskode"

// clock is a settable time for the server, so tests can let 24 hours or
// 15 minutes pass.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

// staffSite is the site with a clock the test controls.
type staffSite struct {
	*site
	clock *clock
}

func newStaffSite(t *testing.T) *staffSite {
	t.Helper()
	return newStaffSiteWith(t, web.Config{BaseURL: baseURL})
}

// newStaffSiteWith is a staff site with its own configuration.
func newStaffSiteWith(t *testing.T, cfg web.Config) *staffSite {
	t.Helper()
	s := newSiteWith(t, cfg)
	ck := &clock{now: time.Now()}
	s.h.(*web.Server).SetClock(ck.Now)
	return &staffSite{site: s, clock: ck}
}

// account creates a staff account with a password set through its link,
// the way a new colleague gets one.
func (s *staffSite) account(email string, role domain.Role) domain.Staff {
	s.t.Helper()
	ctx := context.Background()
	st, err := s.st.CreateStaff(ctx, domain.Staff{Email: email, Name: "Medarbejder " + strings.Split(email, "@")[0], Role: role, Lang: "da"})
	if err != nil {
		s.t.Fatal(err)
	}
	link, _, err := staff.NewPasswordLink(ctx, s.st, baseURL, st.ID, s.clock.now)
	if err != nil {
		s.t.Fatal(err)
	}
	path := strings.TrimPrefix(link, baseURL)
	b := s.browser("10.9.9.9")
	if res := b.post(path, url.Values{"password": {staffPassword}, "repeat": {staffPassword}}); res.StatusCode != http.StatusSeeOther {
		s.t.Fatalf("set password for %s: %d\n%s", email, res.StatusCode, res.body)
	}
	// Setting the password logged her in; failed logins count only after
	// her last login, so the test's clock moves on past it, as a real one
	// would have.
	s.clock.now = s.clock.now.Add(time.Second)
	return st
}

// browser is one device: it keeps its cookies and has a network address.
type browser struct {
	s       *staffSite
	addr    string
	cookies map[string]*http.Cookie
	accept  string
}

func (s *staffSite) browser(addr string) *browser {
	return &browser{s: s, addr: addr, cookies: map[string]*http.Cookie{}, accept: "text/html,application/xhtml+xml"}
}

// loggedIn is a browser with a session for the account.
func (s *staffSite) loggedIn(email string) *browser {
	s.t.Helper()
	b := s.browser("10.1.2.3")
	if res := b.login(email, staffPassword); res.StatusCode != http.StatusSeeOther {
		s.t.Fatalf("login %s: %d\n%s", email, res.StatusCode, res.body)
	}
	return b
}

func (b *browser) do(req *http.Request) response {
	b.s.t.Helper()
	req.RemoteAddr = b.addr + ":51000"
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", b.accept)
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.s.h.ServeHTTP(rec, req)
	res := rec.Result()
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	body, _ := io.ReadAll(res.Body)
	return response{res, string(body)}
}

func (b *browser) get(path string) response {
	return b.do(httptest.NewRequest(http.MethodGet, path, nil))
}

func (b *browser) post(path string, form url.Values) response {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) login(email, pw string) response {
	return b.post("/staff/login", url.Values{"email": {email}, "password": {pw}})
}

// auditCount counts audit lines with an action (and subject, if given).
func (s *staffSite) auditCount(action, subject string) int {
	s.t.Helper()
	lines, err := s.st.AuditLog(context.Background(), subject, action, 1000)
	if err != nil {
		s.t.Fatal(err)
	}
	return len(lines)
}

// activity returns a seeded activity by slug.
func (s *staffSite) activity(slug string) store.ActivityWithCounts {
	s.t.Helper()
	a, err := s.st.ActivityBySlug(context.Background(), slug)
	if err != nil {
		s.t.Fatal(err)
	}
	return a
}

// residentSignsUp signs a resident up for MamaMove on the public form.
func (s *staffSite) residentSignsUp(name, phone string) string {
	s.t.Helper()
	form := mamaMoveForm(idem(s.t, s.get("/a/mamamove").body))
	form.Set("name", name)
	form.Set("phone", phone)
	res := s.post("/a/mamamove", form)
	if res.StatusCode != http.StatusOK {
		s.t.Fatalf("public sign-up for %s: %d", name, res.StatusCode)
	}
	return reference(s.t, res.body)
}

// mustContain fails unless body has every want.
func mustContain(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

var signupLink = regexp.MustCompile(`href="/staff/signups/([0-9]+)"><strong>([^<]+)</strong>`)

var (
	inputTag    = regexp.MustCompile(`<input[^>]*>`)
	attr        = regexp.MustCompile(`\s([a-z-]+)(?:="([^"]*)")?`)
	textareaTag = regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`)
	selectTag   = regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`)
	optionTag   = regexp.MustCompile(`<option value="([^"]*)"( selected)?>`)
)

// formValues reads what a browser would send from the first form with
// the given action: inputs, ticked boxes, text areas and selects.
func formValues(t *testing.T, body, action string) url.Values {
	t.Helper()
	i := strings.Index(body, `action="`+action+`"`)
	if i < 0 {
		t.Fatalf("no form with action %q", action)
	}
	form := body[i:]
	form = form[:strings.Index(form, "</form>")]
	v := url.Values{}
	for _, tag := range inputTag.FindAllString(form, -1) {
		a := map[string]string{}
		for _, m := range attr.FindAllStringSubmatch(tag, -1) {
			a[m[1]] = html.UnescapeString(m[2])
		}
		if _, checked := a["checked"]; (a["type"] == "checkbox" || a["type"] == "radio") && !checked {
			continue
		}
		if a["name"] != "" {
			v.Add(a["name"], a["value"])
		}
	}
	for _, m := range textareaTag.FindAllStringSubmatch(form, -1) {
		v.Add(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range selectTag.FindAllStringSubmatch(form, -1) {
		opts := optionTag.FindAllStringSubmatch(m[2], -1)
		chosen := ""
		for j, o := range opts {
			if j == 0 || o[2] != "" {
				chosen = o[1]
			}
		}
		v.Add(m[1], html.UnescapeString(chosen))
	}
	return v
}
