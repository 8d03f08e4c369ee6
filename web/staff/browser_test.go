package staff_test

import (
	"context"
	"fmt"
	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/browsertest"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/staff"
	"github.com/chromedp/chromedp"
)

// TestStaffTakesTheRollOnAPhone is a social worker at a MamaMove session
// with a phone in one hand: she sets her password from the link she was
// sent, which logs her in, and taps each mother present. With JavaScript on, each
// tap changes the button and the count without loading the page again.
func TestStaffTakesTheRollOnAPhone(t *testing.T) {
	ctx, site := startBrowserTest(t)
	st := site.st
	staffInBrowser(t, ctx, site, "da")
	a, err := st.ActivityBySlug(ctx, "mamamove")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"Testperson Amal", "Testperson Birgit", "Testperson Canan"}
	signUpInStore(t, site, a, names...)

	browsertest.OpenPage(t, ctx, fmt.Sprintf("%s/staff/activities/%d/sessions/%d", site.URL, a.ID, a.Sessions[0].ID))

	if w := browsertest.JS[int](t, ctx, "read the page width", `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("the roll call is %d px wide on a %d px phone", w, phoneWidth)
	}
	if h := browsertest.JS[float64](t, ctx, "measure the buttons", `Math.min(...[...document.querySelectorAll(".tap")].map(b => b.getBoundingClientRect().height))`); h < 44 {
		t.Errorf("the smallest button is %.0f px high; a thumb needs 44", h)
	}
	// A page load would lose this mark.
	browsertest.JS[bool](t, ctx, "mark the page", `window.notReloaded = true`)
	for i := range names {
		tapAndWait(t, ctx, i+1, "true")
	}
	if got := browsertest.JS[string](t, ctx, "read the count", `document.getElementById("count").textContent`); got != "3 af 3 mødt" {
		t.Errorf("count %q, want %q", got, "3 af 3 mødt")
	}
	if got := browsertest.JS[string](t, ctx, "read a button's state", `document.querySelector(".roll li .state").textContent`); got != "mødt" {
		t.Errorf("a tapped button says %q, want %q", got, "mødt")
	}
	if !browsertest.JS[bool](t, ctx, "check the page stayed", `window.notReloaded === true`) {
		t.Error("tapping reloaded the page; staff.js should update it in place")
	}
	browsertest.SaveScreenshot(t, ctx, "staff-rollcall-da.png")
	tapAndWait(t, ctx, 2, "false") // Birgit left early: a tap takes it back
	if got := browsertest.JS[string](t, ctx, "read the count", `document.getElementById("count").textContent`); got != "2 af 3 mødt" {
		t.Errorf("count after taking one back %q", got)
	}
	rc, err := st.RollCall(context.Background(), a.ID, a.Sessions[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var present []string
	for _, p := range rc.People {
		if p.Present {
			present = append(present, p.Name)
		}
	}
	if strings.Join(present, ",") != "Testperson Amal,Testperson Canan" {
		t.Fatalf("stored as present: %v", present)
	}
}

// tapAndWait taps the nth person's button and waits until it shows the
// wanted state, as the server confirmed it.
func tapAndWait(t *testing.T, ctx context.Context, nth int, pressed string) {
	t.Helper()
	sel := fmt.Sprintf(`.roll li:nth-child(%d) button`, nth)
	browsertest.Step(t, ctx, "tap person "+fmt.Sprint(nth), chromedp.Click(chromedp.CSS(sel)))
	_, err := browsertest.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector(%q).getAttribute("aria-pressed") === %q`, sel, pressed),
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		t.Fatalf("person %d never became aria-pressed=%s: %v", nth, pressed, err)
	}
}

// staffInBrowser makes an account speaking lang, and in the browser sets
// its password from the link and logs in, as a new colleague does.
func staffInBrowser(t *testing.T, ctx context.Context, site *browserSite, lang string) domain.Staff {
	t.Helper()
	return staffInBrowserAs(t, ctx, site, lang, domain.RoleAdmin)
}

// staffInBrowserAs is staffInBrowser for an account with the given role.
func staffInBrowserAs(t *testing.T, ctx context.Context, site *browserSite, lang string, role domain.Role) domain.Staff {
	t.Helper()
	me, err := site.st.CreateStaff(ctx, domain.Staff{Email: "phone-" + string(role) + "-" + lang + "@example.dk", Name: "Medarbejder Telefon", Role: role, Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	link, _, err := staff.NewPasswordLink(ctx, site.st, site.URL, me.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	browsertest.OpenPage(t, ctx, link)
	browsertest.Step(t, ctx, "choose a password",
		chromedp.SendKeys(chromedp.ID("password"), staffPassword),
		chromedp.SendKeys(chromedp.ID("repeat"), staffPassword))
	if status := browsertest.SubmitForm(t, ctx); status != 200 {
		t.Fatalf("after setting the password: status %d", status)
	}
	// Choosing the password logs her in: no login form to fill in again.
	if browsertest.JS[bool](t, ctx, "look for a login form", `document.getElementById("email") !== null`) {
		t.Fatal("after setting the password she is sent to log in again")
	}
	return me
}

// signUpInStore signs residents up for an activity directly in the store.
func signUpInStore(t *testing.T, site *browserSite, a store.ActivityWithCounts, names ...string) {
	t.Helper()
	for i, name := range names {
		su := domain.Signup{ActivityID: a.ID, IdempotencyKey: fmt.Sprintf("browser-%d-%d", a.ID, i), Name: name,
			Phone: fmt.Sprintf("+45223344%02d", i), Department: "fsb-01-29",
			Answers: domain.Answers{"name": name, "department": "fsb-01-29", "children_count": 2, "consent": true},
			Lang:    "da", ConsentVersion: domain.ConsentVersion, ConsentedAt: time.Now()}
		if _, err := site.st.CreateSignup(t.Context(), su); err != nil {
			t.Fatal(err)
		}
	}
}

// TestStaffPagesHaveNoAxeViolations audits the workspace's pages with
// axe-core in real Chromium at phone size, in Danish and English: the
// login and password pages, the list, an activity, a person, the editor,
// the assisted sign-up, the roll call and the attendance.
func TestStaffPagesHaveNoAxeViolations(t *testing.T) {
	for _, lang := range []string{"da", "en"} {
		t.Run(lang, func(t *testing.T) {
			ctx, site := startBrowserTest(t)
			l, _ := locales.Lookup(lang)
			au := &auditor{t: t, tab: ctx, axe: axeSource(t), lang: l}
			browsertest.OpenPage(t, ctx, site.URL+"/staff/login?lang="+lang)
			au.audit("login")
			staffInBrowser(t, ctx, site, lang)
			a, err := site.st.ActivityBySlug(ctx, "mamamove")
			if err != nil {
				t.Fatal(err)
			}
			signUpInStore(t, site, a, "Testperson Amal", "Testperson Birgit")
			base := fmt.Sprintf("%s/staff/activities/%d", site.URL, a.ID)
			for name, url := range map[string]string{
				"activities": site.URL + "/staff/", "activity": base, "editor": base + "/edit", "assist": base + "/assist",
				"rollcall": fmt.Sprintf("%s/sessions/%d", base, a.Sessions[0].ID), "attendance": base + "/attendance",
				"accounts": site.URL + "/staff/accounts", "profile": site.URL + "/staff/profile",
				"summary": site.URL + "/staff/summary", "indicators": site.URL + "/staff/indicators",
			} {
				au.open(name, url, 200)
			}
			browsertest.Step(t, ctx, "open a person", chromedp.Navigate(base), chromedp.Click(chromedp.CSS("#signup-list a")),
				chromedp.WaitVisible(chromedp.ID("note")))
			au.audit("signup")
			browsertest.SaveScreenshot(t, ctx, "staff-signup-"+lang+".png")
		})
	}
}
