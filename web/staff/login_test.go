package staff_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/web/staff"
)

func TestStaffLogInAndOut(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	me := s.account("leder@example.dk", domain.RoleAdmin)
	b := s.browser("10.1.1.1")

	if res := b.get("/staff/"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/login?next=%2Fstaff%2F" {
		t.Fatalf("workspace without a session: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := b.login("leder@example.dk", "forkert adgangskode"); res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.body, "Forkert e-mail eller adgangskode") {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	res := b.post("/staff/login", url.Values{"email": {" Leder@Example.DK "}, "password": {staffPassword}, "next": {"/staff/accounts"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/accounts" {
		t.Fatalf("login: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	ck := b.cookies["tilmeld_staff"]
	if ck == nil || !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/staff/" {
		t.Fatalf("session cookie %+v: want HttpOnly, Secure (the base URL is https), SameSite=Lax, Path=/staff/", ck)
	}
	home := b.get("/staff/")
	mustContain(t, "workspace", home.body, `<html lang="da"`, "MamaMove", "Log ud", "/staff/accounts")
	if csp := home.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
		t.Errorf("staff CSP %q: want script from 'self' only", csp)
	}
	if cc := home.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("staff page Cache-Control %q", cc)
	}

	if res := b.post("/staff/logout", nil); res.StatusCode != http.StatusSeeOther || b.cookies["tilmeld_staff"] != nil {
		t.Fatalf("logout: %d, cookie %v", res.StatusCode, b.cookies["tilmeld_staff"])
	}
	// The old token is dead on the server too, not only forgotten.
	b.cookies["tilmeld_staff"] = ck
	if res := b.get("/staff/"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("old session after logout: %d", res.StatusCode)
	}
	for action, want := range map[string]int{domain.AuditLoginOK: 1, domain.AuditLoginFailed: 1, domain.AuditLogout: 1} {
		if got := s.auditCount(action, ""); got < want {
			t.Errorf("audit %s: %d lines, want %d", action, got, want)
		}
	}
	lines, _ := s.st.AuditLog(context.Background(), "", domain.AuditLoginOK, 5)
	if lines[0].StaffID != me.ID || lines[0].Addr != "10.1.1.1" {
		t.Errorf("login audit line %+v", lines[0])
	}
}

func TestLoginNeverRedirectsAway(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	for _, next := range []string{"https://evil.example/", "//evil.example/staff/", "/staff/../../x", "/a/mamamove", "/staff/\\evil"} {
		b := s.browser("10.1.1.2")
		res := b.post("/staff/login", url.Values{"email": {"a@example.dk"}, "password": {staffPassword}, "next": {next}})
		if loc := res.Header.Get("Location"); loc != "/staff/" {
			t.Errorf("next=%q redirected to %q", next, loc)
		}
	}
}

func TestPasswordLinkIsSingleUseAndExpires(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	ctx := context.Background()
	st, err := s.st.CreateStaff(ctx, domain.Staff{Email: "ny@example.dk", Name: "Ny Medarbejder", Role: domain.RoleStaff, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	link, expires, err := staff.NewPasswordLink(ctx, s.st, baseURL, st.ID, s.clock.now)
	if err != nil || !expires.Equal(s.clock.now.Add(24*time.Hour)) {
		t.Fatalf("link %q expires %v, %v", link, expires, err)
	}
	path := strings.TrimPrefix(link, baseURL)
	b := s.browser("10.2.2.2")
	if res := b.get(path); res.StatusCode != 200 || !strings.Contains(res.body, "Ny Medarbejder") {
		t.Fatalf("password page: %d", res.StatusCode)
	}
	if res := b.post(path, url.Values{"password": {"kort"}, "repeat": {"kort"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "mindst 12 tegn") {
		t.Fatalf("short password: %d", res.StatusCode)
	}
	if res := b.post(path, url.Values{"password": {staffPassword}, "repeat": {staffPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password: %d\n%s", res.StatusCode, res.body)
	}
	if res := b.get(path); res.StatusCode != http.StatusNotFound || !strings.Contains(res.body, "Linket virker ikke længere") {
		t.Fatalf("used link: %d", res.StatusCode)
	}
	if res := b.post(path, url.Values{"password": {"en anden adgangskode"}, "repeat": {"en anden adgangskode"}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("second use of the link: %d", res.StatusCode)
	}
	if res := b.login("ny@example.dk", staffPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login with the new password: %d", res.StatusCode)
	}
	// The profile's language is English.
	if res := b.get("/staff/"); !strings.Contains(res.body, `<html lang="en"`) || !strings.Contains(res.body, "Log out") {
		t.Fatal("the workspace does not speak the person's language")
	}

	late, _, _ := staff.NewPasswordLink(ctx, s.st, baseURL, st.ID, s.clock.now)
	s.clock.now = s.clock.now.Add(24*time.Hour + time.Minute)
	if res := b.get(strings.TrimPrefix(late, baseURL)); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a link after 24 hours: %d", res.StatusCode)
	}
}

func TestTenFailedLoginsLockTheAccountFor15Minutes(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("c@example.dk", domain.RoleStaff)
	// Ten tries from ten addresses: the account is what gets locked.
	var res response
	for i := range 10 {
		res = s.browser("10.3.0."+string(rune('0'+i))).login("c@example.dk", "gæt nummer "+string(rune('0'+i)))
	}
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.body, "For mange forkerte forsøg") {
		t.Fatalf("tenth failure: %d\n%s", res.StatusCode, res.body)
	}
	right := s.browser("10.3.1.1")
	if res := right.login("c@example.dk", staffPassword); res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("the right password while locked: %d", res.StatusCode)
	}
	if n := s.auditCount(domain.AuditLockSet, ""); n != 1 {
		t.Errorf("%d lock lines in the audit log, want 1", n)
	}
	if n := s.auditCount(domain.AuditLoginLocked, ""); n != 1 {
		t.Errorf("%d refused-while-locked lines, want 1", n)
	}
	s.clock.now = s.clock.now.Add(15*time.Minute + time.Second)
	if res := right.login("c@example.dk", staffPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login after the lock: %d", res.StatusCode)
	}
}

func TestTenFailedLoginsFromOneAddressLockIt(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("d@example.dk", domain.RoleStaff)
	attacker := s.browser("198.51.100.7")
	for i := range 10 {
		attacker.login("someone"+string(rune('a'+i))+"@example.dk", "password1234")
	}
	if res := attacker.login("d@example.dk", staffPassword); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a real account from the locked address: %d", res.StatusCode)
	}
	if res := s.browser("10.4.4.4").login("d@example.dk", staffPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the account from another address: %d", res.StatusCode)
	}
}

func TestDeactivatedAccountIsLoggedOutEverywhere(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("admin@example.dk", domain.RoleAdmin)
	worker := s.account("e@example.dk", domain.RoleStaff)
	admin, phone := s.loggedIn("admin@example.dk"), s.loggedIn("e@example.dk")
	if res := phone.get("/staff/accounts"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("accounts page for a non-admin: %d", res.StatusCode)
	}
	if res := admin.post("/staff/accounts/"+itoa(worker.ID)+"/deactivate", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.StatusCode)
	}
	if res := phone.get("/staff/"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivated account's session still works: %d", res.StatusCode)
	}
	if res := s.browser("10.5.5.5").login("e@example.dk", staffPassword); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("deactivated account logs in: %d", res.StatusCode)
	}
}

func TestAdminAddsAColleagueWhoSetsAPassword(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("admin@example.dk", domain.RoleAdmin)
	admin := s.loggedIn("admin@example.dk")
	res := admin.post("/staff/accounts", url.Values{"email": {"Kollega@Example.dk"}, "name": {"Kollega"}, "role": {"staff"}, "lang": {"en"}})
	if res.StatusCode != 200 {
		t.Fatalf("add account: %d\n%s", res.StatusCode, res.body)
	}
	link := linkOnPage(t, res.body)
	if res := admin.post("/staff/accounts", url.Values{"email": {"kollega@example.dk"}, "name": {"X"}, "role": {"staff"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("the same address twice: %d", res.StatusCode)
	}
	b := s.browser("10.6.6.6")
	res = b.post(link, url.Values{"password": {staffPassword}, "repeat": {staffPassword}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/?done=password_set" {
		t.Fatalf("colleague sets password: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	// She is logged in at once, not sent to log in with what she just chose.
	if home := b.get(res.Header.Get("Location")); home.StatusCode != http.StatusOK || !strings.Contains(home.body, "Your password is saved, and you are logged in.") {
		t.Fatalf("after setting the password: %d, not logged in:\n%s", home.StatusCode, home.body)
	}
	if res := b.login("kollega@example.dk", staffPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("colleague logs in: %d", res.StatusCode)
	}
}

// linkOnPage finds the password link an admin is shown.
func linkOnPage(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, baseURL+"/staff/password/")
	if i < 0 {
		t.Fatalf("no password link on the page:\n%s", body)
	}
	rest := body[i+len(baseURL):]
	return rest[:strings.IndexByte(rest, '<')]
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestGuessesSentAllAtOnceAreHeldToTheLimit(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("f@example.dk", domain.RoleStaff)
	// Sixty wrong guesses from sixty addresses, all at once; the right
	// password goes as soon as the first guess is turned away.
	refused := make(chan struct{}, 61)
	done := make(chan response, 60)
	for i := range 60 {
		go func() {
			res := s.browser(fmt.Sprintf("10.7.%d.%d", i/250, i%250+1)).login("f@example.dk", fmt.Sprintf("gæt nummer %d", i))
			if res.StatusCode == http.StatusTooManyRequests {
				refused <- struct{}{}
			}
			done <- res
		}()
	}
	select {
	case <-refused:
	case <-time.After(time.Minute):
		t.Fatal("no guess was turned away within a minute")
	}
	right := s.browser("10.7.9.9").login("f@example.dk", staffPassword)
	for range 60 {
		if res := <-done; res.StatusCode != http.StatusUnauthorized && res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("a wrong guess: %d", res.StatusCode)
		}
	}
	if right.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the right password after sixty guesses: %d, want 429", right.StatusCode)
	}
	if n := s.auditCount(domain.AuditLoginFailed, ""); n > domain.MaxLoginFailures {
		t.Errorf("%d passwords were checked and found wrong; at most %d may be", n, domain.MaxLoginFailures)
	}
	if n := s.auditCount(domain.AuditLockSet, ""); n != 1 {
		t.Errorf("%d lock lines in the audit log, want 1", n)
	}
}
