package web_test

import (
	"context"
	"fmt"
	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/browsertest"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestResidentSignsUpForMamaMoveInEveryLanguage completes a sign-up at
// 360×640 in each language the service speaks, typing numbers with the
// digits her phone's keyboard gives (Arabic-Indic for Arabic, Persian for
// Urdu and Farsi). It checks the page is in her language and direction,
// that the layout mirrors for right-to-left languages, and keeps
// screenshots of the right-to-left pages in artifacts/browser/.
func TestResidentSignsUpForMamaMoveInEveryLanguage(t *testing.T) {
	b, site := startSharedBrowser(t, 3*time.Minute)
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	var wantPhones []string
	for i, l := range locales.Languages {
		phone := fmt.Sprintf("22 33 44 1%d", i)
		if l.Tag == "en" {
			phone = "+45 " + phone // the country code is optional
		}
		wantPhones = append(wantPhones, "+452233441"+fmt.Sprint(i))
		t.Run(l.Tag, func(t *testing.T) {
			tab := b.phoneTab(t)
			browsertest.OpenPage(t, tab, site.URL+"/a/mamamove?lang="+l.Tag)
			checkLanguageAndDirection(t, tab, l)
			if got, want := browsertest.JS[string](t, tab, "find the pictogram's side", pictogramSide), map[bool]string{true: "right", false: "left"}[l.RTL]; got != want {
				t.Errorf("the pictogram stands at the %s of the title, want the %s (the start of a %s line)", got, want, l.Dir())
			}
			fillMamaMove(t, tab, mamaMoveAnswers{Name: "Testperson " + l.Name, Phone: typedOnKeyboard(l.Tag, phone), Children: typedOnKeyboard(l.Tag, "2")})
			if l.RTL {
				browsertest.SaveScreenshot(t, tab, "languages-"+l.Tag+"-form.png")
			}
			if status := browsertest.SubmitForm(t, tab); status != http.StatusOK {
				t.Fatalf("submit: status %d, want %d", status, http.StatusOK)
			}
			checkConfirmation(t, tab, site.URL)
			checkLanguageAndDirection(t, tab, l)
			want := localize(t, bundle, l.Tag, "confirmation.heading_place")
			if got := strings.TrimSpace(browsertest.JS[string](t, tab, "read the heading", `document.querySelector("h1").textContent`)); got != want {
				t.Errorf("confirmation heading = %q, want %q", got, want)
			}
			if l.RTL {
				browsertest.SaveScreenshot(t, tab, "languages-"+l.Tag+"-confirmation.png")
			}
		})
	}
	if got := signupPhones(t, site.st, "mamamove"); !slices.Equal(got, wantPhones) {
		t.Errorf("mamamove sign-ups by phone = %q, want %q", got, wantPhones)
	}
}

// pictogramSide says on which side of the title the pictogram stands.
const pictogramSide = `(() => {
	const h = document.querySelector("h1.title").getBoundingClientRect();
	const p = document.querySelector("h1.title .picto").getBoundingClientRect();
	return Math.abs(h.right - p.right) < 2 ? "right" : Math.abs(h.left - p.left) < 2 ? "left" : "middle";
})()`

// checkLanguageAndDirection checks <html lang> and <html dir>, and the
// direction the browser really lays the page out in.
func checkLanguageAndDirection(t *testing.T, tab context.Context, l locales.Language) {
	t.Helper()
	if got := browsertest.JS[string](t, tab, "read <html lang>", `document.documentElement.lang`); got != l.Tag {
		t.Errorf(`<html lang> = %q, want %q`, got, l.Tag)
	}
	if got := browsertest.JS[string](t, tab, "read <html dir>", `document.documentElement.dir`); got != l.Dir() {
		t.Errorf(`<html dir> = %q, want %q`, got, l.Dir())
	}
	checkDirection(t, tab, l.Dir())
}

// typedOnKeyboard is what a phone keyboard for the language types for
// the ASCII digits in s: Arabic keyboards give Arabic-Indic digits, Farsi
// and Urdu keyboards the Extended Arabic-Indic (Persian) ones.
func typedOnKeyboard(tag, s string) string {
	zero, ok := map[string]rune{"ar": '٠', "fa": '۰', "ur": '۰'}[tag]
	if !ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return zero + r - '0'
		}
		return r
	}, s)
}

// localize returns a message as the bundle has it in language tag.
func localize(t *testing.T, b *i18n.Bundle, tag, id string) string {
	t.Helper()
	s, err := i18n.NewLocalizer(b, tag).Localize(&i18n.LocalizeConfig{MessageID: id})
	if err != nil {
		t.Fatalf("%s %s: %v", tag, id, err)
	}
	return s
}
