package staff_test

import (
	"context"
	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/browsertest"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
	"github.com/chromedp/chromedp"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// Real Chromium at a phone's size, and axe-core in it, for the staff
// pages: the same scaffolding as web's browser tests (test files cannot be
// shared between packages).

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

// axeTags are the rule sets axe runs: WCAG 2.0 and 2.1, levels A and AA,
// and axe's best practices.
const axeTags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]`

// axeRun runs axe on the page and returns its violations, each with the
// elements at fault and why.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ` + axeTags + `}, resultTypes: ["violations"]})
	.then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " "))
	})))`

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeSource reads axe-core as npm installed it. Without it the test skips
// on a developer's machine but fails in CI, where scripts/test.sh runs
// npm ci first.
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		const msg = "axe-core is not installed: run npm ci at the repository root"
		if os.Getenv("CI") != "" {
			t.Fatalf("%s (%v)", msg, err)
		}
		t.Skip(msg)
	}
	return string(b)
}

// auditor audits the pages one tab shows, in one language.
type auditor struct {
	t     *testing.T
	tab   context.Context
	axe   string
	lang  locales.Language
	msgs  *i18n.Localizer
	pages int
}

// open loads a page, checks its HTTP status and audits it.
func (a *auditor) open(name, url string, status int64) {
	a.t.Helper()
	resp := browsertest.Value(a.t, a.tab, "open "+url, chromedp.NavigateResponse(url))
	if resp.Status != status {
		a.t.Fatalf("%s: open %s: status %d, want %d", name, url, resp.Status, status)
	}
	a.audit(name)
}

// submit presses the page's form button, checks the status of the page it
// leads to and audits that.
func (a *auditor) submit(name string, status int64) {
	a.t.Helper()
	if got := browsertest.SubmitForm(a.t, a.tab); got != status {
		a.t.Fatalf("%s: status %d, want %d", name, got, status)
	}
	a.audit(name)
}

// audit runs axe on the page in the tab and fails the test on each
// violation, naming the page, the rule and the elements.
func (a *auditor) audit(name string) {
	a.t.Helper()
	if !browsertest.JS[bool](a.t, a.tab, "look for axe", `typeof axe !== "undefined"`) {
		browsertest.JS[bool](a.t, a.tab, "load axe", a.axe+";true")
	}
	vs := browsertest.Value(a.t, a.tab, "run axe on "+name, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	for _, v := range vs {
		a.t.Errorf("%s, %s: %s (%s): %s\n\t%s", a.lang.Tag, name, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
	}
	a.pages++
}
