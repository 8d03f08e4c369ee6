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
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestFixedPagesOnAPhoneInDanishAndArabic walks the pages issue 15 fixed
// at 360×640, in a left-to-right and a right-to-left language, and checks
// what a resident sees rather than comparing pictures: nothing wider than
// the screen, the home page's filter and buttons, an error summary without
// doubled punctuation, a waiting-list confirmation unlike a place, and a
// cancel page with one main and one secondary button. Each page is
// audited with axe when it is installed, and kept as a PNG in
// artifacts/browser/ for a person to look at.
func TestFixedPagesOnAPhoneInDanishAndArabic(t *testing.T) {
	b, site := startSharedBrowser(t, 3*time.Minute)
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.st.DB().Exec(`UPDATE activities SET capacity = 0 WHERE slug = 'mamamove'`); err != nil {
		t.Fatal(err)
	}
	axe := axeIfInstalled()
	for i, tag := range []string{"da", "ar"} {
		t.Run(tag, func(t *testing.T) {
			f := &fixedPages{t: t, tab: b.phoneTab(t), axe: axe, tag: tag, msgs: i18n.NewLocalizer(bundle, tag)}
			q := "?lang=" + tag

			f.open("home", site.URL+"/"+q)
			if n := f.count(`nav .filter a`); n != 5 {
				t.Errorf("home: %d filter links, want 5 (all and the four audiences)", n)
			}
			if cards, buttons := f.count(`.card`), f.count(`.card a.button`); cards == 0 || cards != buttons {
				t.Errorf("home: %d cards and %d sign-up buttons, want one on each", cards, buttons)
			}
			if n := f.count(`.card .badge`); n != 1 {
				t.Errorf("home: %d cards marked full, want 1 (MamaMove)", n)
			}

			f.open("full form", site.URL+"/a/mamamove"+q)
			want := f.msg("places.full.none")
			if i > 0 { // the Danish sign-up went onto the waiting list
				want = f.msgCount("places.full.waiting", i)
			}
			if got := f.text(`.facts dd:last-of-type`); got != want {
				t.Errorf("full form: places %q, want %q", got, want)
			}
			if status := browsertest.SubmitForm(t, f.tab); status != http.StatusUnprocessableEntity {
				t.Fatalf("empty form: status %d", status)
			}
			f.check("form with errors")
			for _, line := range browsertest.JS[[]string](t, f.tab, "read the error summary", `[...document.querySelectorAll(".error-summary li")].map(li => li.textContent)`) {
				if doubledMarks(line) {
					t.Errorf("error summary line %q doubles its punctuation", line)
				}
			}

			fillMamaMove(t, f.tab, mamaMoveAnswers{Name: "Testperson Iota", Phone: typedOnKeyboard(tag, fmt.Sprintf("22 33 48 0%d", i)), Children: typedOnKeyboard(tag, "1")})
			if status := browsertest.SubmitForm(t, f.tab); status != http.StatusOK {
				t.Fatalf("sign-up: status %d", status)
			}
			f.check("waiting-list confirmation")
			if got, want := f.text("h1"), f.msg("confirmation.heading_waitlist"); got != want {
				t.Errorf("waiting-list confirmation: h1 %q, want %q", got, want)
			}
			if got := browsertest.JS[string](t, f.tab, "read the panel", `(() => { const p = document.querySelector(".panel"); return p.className + " " + getComputedStyle(p).backgroundColor })()`); got != "panel waitlist rgb(255, 255, 255)" {
				t.Errorf("waiting-list panel: %q, want the hollow waitlist panel, not the green one", got)
			}
			cancelURL := browsertest.JS[string](t, f.tab, "read the cancel link", `document.querySelector('a[href*="/afmeld/"]').href`)

			f.open("cancel", cancelURL+q)
			buttons := browsertest.JS[[]string](t, f.tab, "read the buttons", `[...document.querySelectorAll("main button")].map(b => b.className + " " + getComputedStyle(b).backgroundColor)`)
			if len(buttons) != 2 || !strings.HasPrefix(buttons[0], "danger ") || !strings.HasPrefix(buttons[1], "secondary ") ||
				strings.TrimPrefix(buttons[0], "danger ") == strings.TrimPrefix(buttons[1], "secondary ") {
				t.Errorf("cancel page buttons %q, want a red main one and a secondary one of another colour", buttons)
			}
		})
	}
	t.Run("ur font", func(t *testing.T) {
		tab := b.phoneTab(t)
		browsertest.OpenPage(t, tab, site.URL+"/?lang=ur")
		if got := browsertest.JS[string](t, tab, "read the font", `getComputedStyle(document.body).fontFamily`); !strings.HasPrefix(got, `"Noto Nastaliq Urdu"`) || !strings.Contains(got, `"Noto Naskh Arabic"`) {
			t.Errorf("Urdu font stack %s, want Noto Nastaliq Urdu first, then Naskh", got)
		}
	})
}

// axeIfInstalled is axe-core's source, or "" when npm has not installed
// it: the audit is then left to TestPublicPagesHaveNoAxeViolationsInAnyLanguage,
// which says so.
func axeIfInstalled() string {
	b, err := os.ReadFile(filepath.Join("..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		return ""
	}
	return string(b)
}

// fixedPages opens and checks pages in one tab, in one language.
type fixedPages struct {
	t    *testing.T
	tab  context.Context
	axe  string
	tag  string
	msgs *i18n.Localizer
}

func (f *fixedPages) open(name, url string) {
	f.t.Helper()
	browsertest.OpenPage(f.t, f.tab, url)
	f.check(name)
}

// check fails on anything wider than the screen and on axe violations,
// and keeps a screenshot.
func (f *fixedPages) check(name string) {
	f.t.Helper()
	if o := browsertest.JS[overflow](f.t, f.tab, "measure the page", measureOverflow); o.ScrollWidth > o.ClientWidth || len(o.Culprits) > 0 {
		f.t.Errorf("%s: %d px wide on a %d px screen; sticking out: %q", name, o.ScrollWidth, o.ClientWidth, o.Culprits)
	}
	if f.axe != "" {
		a := &auditor{t: f.t, tab: f.tab, axe: f.axe, lang: mustLang(f.t, f.tag)}
		a.audit(name)
	}
	browsertest.SaveScreenshot(f.t, f.tab, "fixed-"+f.tag+"-"+strings.ReplaceAll(name, " ", "-")+".png")
}

func (f *fixedPages) count(selector string) int {
	f.t.Helper()
	return browsertest.JS[int](f.t, f.tab, "count "+selector, `document.querySelectorAll(`+jsString(selector)+`).length`)
}

func (f *fixedPages) text(selector string) string {
	f.t.Helper()
	return strings.TrimSpace(browsertest.JS[string](f.t, f.tab, "read "+selector, `document.querySelector(`+jsString(selector)+`).textContent`))
}

func (f *fixedPages) msg(id string) string {
	f.t.Helper()
	s, err := f.msgs.Localize(&i18n.LocalizeConfig{MessageID: id})
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

func (f *fixedPages) msgCount(id string, n int) string {
	f.t.Helper()
	s, err := f.msgs.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: map[string]any{"Count": n}})
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// doubledMarks reports two punctuation marks with only space between.
func doubledMarks(s string) bool {
	prev := false
	for _, r := range s {
		mark := strings.ContainsRune(".?!:;،؟۔", r)
		if mark && prev {
			return true
		}
		if r != ' ' {
			prev = mark
		}
	}
	return false
}

func mustLang(t *testing.T, tag string) locales.Language {
	t.Helper()
	l, ok := locales.Lookup(tag)
	if !ok {
		t.Fatalf("no language %s", tag)
	}
	return l
}
