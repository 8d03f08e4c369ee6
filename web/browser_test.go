package web_test

import (
	"context"
	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/browsertest"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
	"github.com/chromedp/chromedp"
)

// These tests drive real Chromium at a phone's size, because what a
// resident meets (writing direction, focus after an error, digits typed on
// an Arabic keyboard) is decided by the browser, not by the HTML alone.

const (
	// browserTestTimeout bounds a whole test, so a hung browser fails it
	// instead of stalling the run.
	browserTestTimeout = 60 * time.Second
	// browserStepTimeout bounds one step, so a missing element fails with
	// the step's name rather than the test's deadline.
	browserStepTimeout = browsertest.StepTimeout
	// A small Android phone: the narrowest screen residents commonly use.
	phoneWidth, phoneHeight = browsertest.PhoneWidth, browsertest.PhoneHeight
)

// referenceCode is a reference code as domain.NewReference makes it.
var referenceCode = regexp.MustCompile(`^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$`)

func TestResidentSignsUpForMamaMoveInArabicOnAPhone(t *testing.T) {
	ctx, site := startBrowserTest(t)

	browsertest.OpenPage(t, ctx, site.URL+"/a/mamamove?lang=ar")
	if got := browsertest.JS[string](t, ctx, "read <html dir>", `document.documentElement.dir`); got != "rtl" {
		t.Errorf(`<html dir> = %q, want "rtl"`, got)
	}
	if got := browsertest.JS[string](t, ctx, "read <html lang>", `document.documentElement.lang`); got != "ar" {
		t.Errorf(`<html lang> = %q, want "ar"`, got)
	}

	if status := browsertest.SubmitForm(t, ctx); status != http.StatusUnprocessableEntity {
		t.Errorf("empty form: status %d, want %d", status, http.StatusUnprocessableEntity)
	}
	checkErrorSummary(t, ctx)
	browsertest.SaveScreenshot(t, ctx, "mamamove-ar-errors.png")

	fillMamaMove(t, ctx, mamaMoveAnswers{Name: "Testperson Alfa", Phone: "٢٢٣٣٤٤٥٥", Children: "٢"})
	if status := browsertest.SubmitForm(t, ctx); status != http.StatusOK {
		t.Errorf("filled-in form: status %d, want %d", status, http.StatusOK)
	}
	checkConfirmation(t, ctx, site.URL)
	checkDirection(t, ctx, "rtl")
	browsertest.SaveScreenshot(t, ctx, "mamamove-ar-confirmation.png")

	if got, want := signupPhones(t, site.st, "mamamove"), []string{"+4522334455"}; !slices.Equal(got, want) {
		t.Errorf("mamamove sign-ups by phone = %q, want %q", got, want)
	}
}

// mamaMoveAnswers is what a resident types into the MamaMove form.
type mamaMoveAnswers struct {
	Name, Phone, Children string
}

// fillMamaMove fills in the MamaMove form the way a resident does: typing,
// tapping the first housing department and ticking consent.
func fillMamaMove(t *testing.T, ctx context.Context, r mamaMoveAnswers) {
	t.Helper()
	browsertest.Step(t, ctx, "fill in the form",
		chromedp.Clear(chromedp.ID("f-name")),
		chromedp.SendKeys(chromedp.ID("f-name"), r.Name),
		chromedp.Clear(chromedp.ID("f-phone")),
		chromedp.SendKeys(chromedp.ID("f-phone"), r.Phone),
		chromedp.Click(chromedp.ID("f-department-0")),
		chromedp.Clear(chromedp.ID("f-children_count")),
		chromedp.SendKeys(chromedp.ID("f-children_count"), r.Children),
		chromedp.Click(chromedp.ID("f-consent")),
	)
}

// checkErrorSummary checks what a resident who sent an empty form meets:
// a visible summary that has focus, so a screen reader reads it first,
// linking to the name field, which is marked invalid and points to its
// error text.
func checkErrorSummary(t *testing.T, ctx context.Context) {
	t.Helper()
	browsertest.Step(t, ctx, "see the error summary", chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	// Autofocus is applied after the page renders, hence the wait.
	_, err := browsertest.Run(ctx, chromedp.Poll[bool](`document.activeElement === document.querySelector(".error-summary")`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		focused := browsertest.JS[string](t, ctx, "read the focused element", `document.activeElement.outerHTML.slice(0, 80)`)
		t.Errorf("the error summary does not have focus (%v); the focus is on %s", err, focused)
	}
	if !browsertest.JS[bool](t, ctx, "find the link to the name", `!!document.querySelector('.error-summary a[href="#f-name"]')`) {
		t.Error(`the error summary has no link to "#f-name"`)
	}
	if got := browsertest.JS[*string](t, ctx, "read aria-invalid", `document.getElementById("f-name").getAttribute("aria-invalid")`); got == nil || *got != "true" {
		t.Errorf(`#f-name aria-invalid = %s, want "true"`, quoteOrNull(got))
	}
	got := browsertest.JS[*string](t, ctx, "read aria-describedby", `document.getElementById("f-name").getAttribute("aria-describedby")`)
	if got == nil || !slices.Contains(strings.Fields(*got), "f-name-error") {
		t.Errorf(`#f-name aria-describedby = %s, want it to include "f-name-error"`, quoteOrNull(got))
	}
}

// checkConfirmation checks the confirmation page: a reference code a
// resident can read aloud, and a cancel link on the site's public address.
func checkConfirmation(t *testing.T, ctx context.Context, baseURL string) {
	t.Helper()
	ref := strings.TrimSpace(browsertest.Value(t, ctx, "read the reference", chromedp.Text(chromedp.CSS(".ref"))))
	if !referenceCode.MatchString(ref) {
		t.Errorf("reference %q does not match %s", ref, referenceCode)
	}
	href := browsertest.JS[string](t, ctx, "read the cancel link", `(document.querySelector('a[href*="/afmeld/"]') || {}).href || ""`)
	if !strings.HasPrefix(href, baseURL+"/afmeld/") {
		t.Errorf("cancel link = %q, want one starting with %q", href, baseURL+"/afmeld/")
	}
}

// checkDirection checks the direction the browser actually lays the page
// out in, which CSS could override whatever <html dir> says.
func checkDirection(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	if got := browsertest.JS[string](t, ctx, "read the body's direction", `getComputedStyle(document.body).direction`); got != want {
		t.Errorf("computed direction of <body> = %q, want %q", got, want)
	}
}

// browserSite is the product as a resident reaches it: the real catalogue
// in a fresh database, served over HTTP.
type browserSite struct {
	URL string
	st  *store.Store
}

// startBrowserTest starts the site and a phone-sized browser tab, both
// ended with the test, and returns the tab's context.
func startBrowserTest(t *testing.T) (context.Context, *browserSite) {
	t.Helper()
	execPath := browsertest.ChromePath(t)
	ctx, cancel := context.WithTimeout(t.Context(), browserTestTimeout)
	t.Cleanup(cancel)
	site := startBrowserSite(t, ctx)
	return browsertest.OpenPhone(t, ctx, execPath), site
}

// startBrowserSite seeds the catalogue and serves the web handler. The server is
// made before the handler, because the handler needs its URL for the
// cancel links it prints.
func startBrowserSite(t *testing.T, ctx context.Context) *browserSite {
	t.Helper()
	st := storetest.New(t)
	acts := testPlan(t).Activities
	if _, err := st.SeedActivities(ctx, acts); err != nil {
		t.Fatalf("seed catalogue: %v", err)
	}
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(nil)
	h, err := web.New(st, testPlan(t), bundle, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BaseURL: "http://" + srv.Listener.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return &browserSite{URL: srv.URL, st: st}
}

// signupPhones lists the phone numbers of an activity's sign-ups, as
// stored (sealed in the database, so opened through the store).
func signupPhones(t *testing.T, st *store.Store, slug string) []string {
	t.Helper()
	var ids []int64
	err := st.DB().SelectContext(t.Context(), &ids, `
		SELECT s.id FROM signups s JOIN activities a ON a.id = s.activity_id
		WHERE a.slug = $1 ORDER BY s.id`, slug)
	if err != nil {
		t.Fatalf("list sign-ups: %v", err)
	}
	var phones []string
	for _, id := range ids {
		su, err := st.StaffSignupByID(t.Context(), id)
		if err != nil {
			t.Fatalf("sign-up %d: %v", id, err)
		}
		phones = append(phones, su.Phone)
	}
	return phones
}

func quoteOrNull(s *string) string {
	if s == nil {
		return "null"
	}
	return `"` + *s + `"`
}
