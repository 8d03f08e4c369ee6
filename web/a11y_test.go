package web_test

import (
	"context"
	"fmt"
	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/browsertest"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// These tests hold the public pages to WCAG 2.1 AA: axe-core (from npm,
// see package.json) run inside real Chromium on every public page in every
// language, and a sign-up done with the keyboard alone.

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
	b, err := os.ReadFile(filepath.Join("..", "node_modules", "axe-core", "axe.min.js"))
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

// expectHeading checks that the page's h1 says message id, so the audit
// is of the page meant.
func (a *auditor) expectHeading(id string) {
	a.t.Helper()
	want, err := a.msgs.Localize(&i18n.LocalizeConfig{MessageID: id})
	if err != nil {
		a.t.Fatal(err)
	}
	if got := strings.TrimSpace(browsertest.JS[string](a.t, a.tab, "read the heading", `document.querySelector("h1").textContent`)); got != want {
		a.t.Errorf("%s: h1 = %q, want %q", a.lang.Tag, got, want)
	}
}

// TestPublicPagesHaveNoAxeViolationsInAnyLanguage audits every public page
// in every language: the list of activities, each activity's form, a form
// with validation errors, the confirmation, "already signed up", the
// cancel page, the page after cancelling and the one after deleting her
// data, the privacy notice, a closed activity, and the two "not found"
// pages.
func TestPublicPagesHaveNoAxeViolationsInAnyLanguage(t *testing.T) {
	axe := axeSource(t)
	b, site := startSharedBrowser(t, 8*time.Minute)
	acts, err := site.st.ListActivities(b.ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	checkAxeSeesViolations(t, b, axe)
	closed := acts[len(acts)-1]
	total := 0
	for i, l := range locales.Languages {
		t.Run(l.Tag, func(t *testing.T) {
			a := &auditor{t: t, tab: b.phoneTab(t), axe: axe, lang: l, msgs: i18n.NewLocalizer(bundle, l.Tag)}
			q := "?lang=" + l.Tag
			a.open("home", site.URL+"/"+q, http.StatusOK)
			for _, act := range acts {
				a.open("form "+act.Slug, site.URL+"/a/"+act.Slug+q, http.StatusOK)
			}

			a.open("form mamamove", site.URL+"/a/mamamove"+q, http.StatusOK)
			a.submit("form with errors", http.StatusUnprocessableEntity)
			phone := fmt.Sprintf("22 33 45 1%d", i)
			fillMamaMove(t, a.tab, mamaMoveAnswers{Name: "Testperson Zeta", Phone: phone, Children: "1"})
			a.submit("confirmation", http.StatusOK)
			cancelURL := browsertest.JS[string](t, a.tab, "read the cancel link", `document.querySelector('a[href*="/afmeld/"]').href`)

			a.open("form mamamove", site.URL+"/a/mamamove"+q, http.StatusOK)
			fillMamaMove(t, a.tab, mamaMoveAnswers{Name: "Testperson Zeta", Phone: phone, Children: "1"})
			a.submit("already signed up", http.StatusOK)
			a.expectHeading("already.heading")

			a.open("cancel", cancelURL+q, http.StatusOK)
			a.expectHeading("cancel.heading")
			a.submit("cancelled", http.StatusOK)
			a.expectHeading("cancelled.heading")
			a.submit("deleted", http.StatusOK) // the cancelled page offers to delete her data
			a.expectHeading("deleted.heading")

			a.open("privacy notice", site.URL+"/privatliv"+q, http.StatusOK)
			a.expectHeading("privacy.heading")

			setOpen(t, site, closed.ID, false)
			a.open("closed activity", site.URL+"/a/"+closed.Slug+q, http.StatusOK)
			setOpen(t, site, closed.ID, true)

			a.open("page not found", site.URL+"/a/findes-ikke"+q, http.StatusNotFound)
			a.expectHeading("error.notfound.title")
			a.open("cancel link not found", site.URL+"/afmeld/findes-ikke"+q, http.StatusNotFound)
			a.expectHeading("cancel.notfound.title")
			total += a.pages
		})
	}
	t.Logf("axe %s found no violations on %d pages (%d activities, %d languages)", axeTags, total, len(acts), len(locales.Languages))
}

// checkAxeSeesViolations guards the audit: on a page with known faults
// axe must report them, or "no violations" would prove nothing.
func checkAxeSeesViolations(t *testing.T, b *sharedBrowser, axe string) {
	t.Helper()
	tab := b.phoneTab(t)
	browsertest.Step(t, tab, "open a faulty page", chromedp.Navigate(`data:text/html,<!doctype html><title>x</title><img src="x.png"><button></button>`))
	vs := browsertest.Value(t, tab, "run axe", chromedp.Evaluate[[]axeViolation](axe+";"+axeRun, chromedp.EvalAwaitPromise))
	found := map[string]bool{}
	for _, v := range vs {
		found[v.ID] = true
	}
	for _, id := range []string{"image-alt", "button-name", "html-has-lang"} {
		if !found[id] {
			t.Fatalf("axe did not report %s on a page that has it (found %v): the audit is broken", id, found)
		}
	}
}

func setOpen(t *testing.T, site *browserSite, id int64, open bool) {
	t.Helper()
	if err := site.st.SetSignupOpen(t.Context(), id, open); err != nil {
		t.Fatal(err)
	}
}

// TestSignupCanBeCompletedWithTheKeyboardAlone signs up for MamaMove with
// Tab, Space and Enter only, in a left-to-right and a right-to-left
// language: the skip link works, the focus is visible on everything it
// reaches, an empty submission moves the focus to the error summary, whose
// link takes her to the field, and the form then goes through.
func TestSignupCanBeCompletedWithTheKeyboardAlone(t *testing.T) {
	b, site := startSharedBrowser(t, 2*time.Minute)
	for i, tag := range []string{"da", "ur"} {
		t.Run(tag, func(t *testing.T) {
			k := &keyboard{t: t, tab: b.phoneTab(t)}
			browsertest.OpenPage(t, k.tab, site.URL+"/a/mamamove?lang="+tag)
			k.tabTo("a.skip")
			k.key(kb.Enter) // to the content, past the header and languages
			k.waitHash("#main")
			k.tabTo("#f-name")
			if status := k.submit(kb.Enter); status != http.StatusUnprocessableEntity {
				t.Fatalf("empty form: status %d, want %d", status, http.StatusUnprocessableEntity)
			}
			k.waitFocus(".error-summary")
			if bad := browsertest.JS[[]string](t, k.tab, "tie errors to fields", errorsTiedToFields); len(bad) > 0 {
				t.Errorf("errors not tied to their fields: %q", bad)
			}
			k.tabTo(`.error-summary a[href="#f-name"]`)
			k.key(kb.Enter)
			k.waitFocus("#f-name")
			k.typeText("Testperson Eta")
			k.tabTo("#f-phone")
			k.typeText(typedOnKeyboard(tag, fmt.Sprintf("22 33 46 0%d", i)))
			k.tabTo("#f-department-street") // her street is not on the list:
			k.tabTo("#f-department-number") // past the address, to the departments
			k.tabTo("#f-department-0")
			k.key(" ")
			k.checked("#f-department-0")
			k.tabTo("#f-children_count")
			k.typeText(typedOnKeyboard(tag, "2"))
			k.tabTo("#f-children_ages")
			k.tabTo("#f-consent-privacy") // the consent text's link to the privacy notice
			k.tabTo("#f-consent")
			k.key(" ")
			k.checked("#f-consent")
			k.tabTo(`main form button[type="submit"]`)
			if status := k.submit(kb.Enter); status != http.StatusOK {
				t.Fatalf("filled-in form: status %d, want %d", status, http.StatusOK)
			}
			checkConfirmation(t, k.tab, site.URL)
		})
	}
}

// errorsTiedToFields lists each field error that the summary does not
// link to, or that its input (or its group of options) does not name in
// aria-describedby, so a screen reader reads it with the field.
const errorsTiedToFields = `(() => {
	const links = [...document.querySelectorAll(".error-summary a")].map(a => document.getElementById(a.hash.slice(1)));
	const bad = [];
	for (const f of document.querySelectorAll(".field.invalid")) {
		const err = f.querySelector(".error");
		const described = [...f.querySelectorAll("[aria-describedby]")]
			.some(e => e.getAttribute("aria-describedby").split(" ").includes(err.id));
		const linked = links.some(el => el && f.contains(el));
		if (!described || !linked) bad.push(err.id + (described ? "" : " not in aria-describedby") + (linked ? "" : " not linked from the summary"));
	}
	if (document.querySelectorAll(".field.invalid").length === 0) bad.push("no field is marked invalid");
	return bad;
})()`

// keyboard drives a tab with key presses only.
type keyboard struct {
	t   *testing.T
	tab context.Context
}

// typeText types text into whatever has the focus.
func (k *keyboard) typeText(text string) {
	k.t.Helper()
	browsertest.Step(k.t, k.tab, fmt.Sprintf("type %q", text), chromedp.KeyEvent(text))
}

// key presses one key (kb.Tab, kb.Enter, " ") the way a real keyboard
// does: a keydown that carries the key's text, then a keyup.
// chromedp.KeyEvent sends the text as a separate char event instead,
// which Chromium delivers to wherever the keydown moved the focus: Enter
// on a link to a field would then also submit the form, which no real
// keyboard does.
func (k *keyboard) key(key string) {
	k.t.Helper()
	browsertest.Step(k.t, k.tab, fmt.Sprintf("press %q", key), pressKey(key))
}

func pressKey(key string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, r := range key {
			var events []*input.DispatchKeyEventParams
			for _, ev := range kb.Encode(r) {
				switch ev.Type {
				case kb.KeyChar:
					events[0].Text, events[0].UnmodifiedText = ev.Text, ev.UnmodifiedText
				default:
					events = append(events, ev)
				}
			}
			for _, ev := range events {
				if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, *ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// submit presses a key that submits the form and returns the status of
// the page that follows.
func (k *keyboard) submit(key string) int64 {
	k.t.Helper()
	ctx, cancel := context.WithTimeout(k.tab, browserStepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, pressKey(key))
	if err != nil {
		k.t.Fatalf("submit with %q: %v", key, err)
	}
	return resp.Status
}

// tabTo presses Tab once and checks that the focus lands on the element
// matching selector, with a visible focus indicator.
func (k *keyboard) tabTo(selector string) {
	k.t.Helper()
	k.key(kb.Tab)
	k.checkFocus(selector)
}

// checked checks that a radio button or checkbox is ticked.
func (k *keyboard) checked(selector string) {
	k.t.Helper()
	if !browsertest.JS[bool](k.t, k.tab, "read "+selector, `document.querySelector(`+jsString(selector)+`).checked`) {
		k.t.Errorf("%s is not ticked", selector)
	}
}

// waitHash waits for an in-page link to have moved to its target.
func (k *keyboard) waitHash(hash string) {
	k.t.Helper()
	_, err := browsertest.Run(k.tab, chromedp.Poll[bool](`location.hash === `+jsString(hash),
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		k.t.Fatalf("the page did not move to %s: %v", hash, err)
	}
}

// waitFocus waits for the focus to move to selector (autofocus and
// in-page links move it after the key event returns), then checks it.
func (k *keyboard) waitFocus(selector string) {
	k.t.Helper()
	_, err := browsertest.Run(k.tab, chromedp.Poll[bool](`document.activeElement === document.querySelector(`+jsString(selector)+`)`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		k.t.Fatalf("the focus did not move to %s: it is on %s", selector, k.focused())
	}
	k.checkFocus(selector)
}

func (k *keyboard) checkFocus(selector string) {
	k.t.Helper()
	if !browsertest.JS[bool](k.t, k.tab, "check the focus", `document.activeElement === document.querySelector(`+jsString(selector)+`)`) {
		k.t.Fatalf("the focus is on %s, want %s", k.focused(), selector)
	}
	if !browsertest.JS[bool](k.t, k.tab, "check the focus is visible", focusVisible) {
		k.t.Errorf("the focus on %s is not visible (no outline or box-shadow)", selector)
	}
}

// focused describes the element that has the focus, for failure messages.
func (k *keyboard) focused() string {
	return browsertest.JS[string](k.t, k.tab, "describe the focus", `document.activeElement.outerHTML.slice(0, 100)`)
}

// focusVisible is true when the focused element draws a focus indicator:
// an outline at least 2 px wide, or a box-shadow.
const focusVisible = `(() => {
	const s = getComputedStyle(document.activeElement);
	return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
})()`

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }
