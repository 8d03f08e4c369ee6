package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/notify"
	"github.com/beboerprojekt-nordvest/tilmeld/plans"
	"github.com/beboerprojekt-nordvest/tilmeld/sms"
)

// longest picks, per language, the longest title and place among the real
// activities, into one activity: the hardest text to fit.
func longest(t *testing.T) domain.Activity {
	t.Helper()
	p, err := plans.Default()
	if err != nil {
		t.Fatal(err)
	}
	acts := p.Activities
	worst := domain.Activity{Texts: domain.Texts{Title: domain.Text{}, Place: domain.Text{}},
		Sessions: []domain.Session{{StartsAt: time.Date(2026, 12, 31, 17, 30, 0, 0, time.UTC)}}}
	for _, a := range acts {
		for _, l := range locales.Languages {
			if n := len([]rune(a.Texts.Title.In(l.Tag))); n > len([]rune(worst.Texts.Title[l.Tag])) {
				worst.Texts.Title[l.Tag] = a.Texts.Title.In(l.Tag)
			}
			if n := len([]rune(a.Texts.Place.In(l.Tag))); n > len([]rune(worst.Texts.Place[l.Tag])) {
				worst.Texts.Place[l.Tag] = a.Texts.Place.In(l.Tag)
			}
		}
	}
	return worst
}

func renderer(t *testing.T, contact string) notify.Renderer {
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	// A 19-character host: the longest whose links fit 30 characters.
	return notify.Renderer{Bundle: bundle, BaseURL: "https://tilmeld.nordvest.dk", Plan: "Nordvest",
		Contact: contact, TZ: time.UTC}
}

func TestEveryTemplateFitsTwoPartsInEveryLanguage(t *testing.T) {
	a := longest(t)
	for _, contact := range []string{"+45 38 12 34 56", "kontakt@nordvest.dk"} {
		r := renderer(t, contact)
		for _, l := range locales.Languages {
			for _, st := range []domain.Status{domain.StatusConfirmed, domain.StatusWaitlisted} {
				su := domain.Signup{Lang: l.Tag, Status: st, Reference: "K7M2QX", Position: 123}
				text := r.Confirmation(su, a, "abcdefgh")
				seg := sms.Count(text)
				t.Logf("%s %s %d %s: %s", l.Tag, st, seg.Units, seg.Encoding, text)
				if seg.Parts > notify.MaxParts {
					t.Errorf("%s %s: %d parts (%d %s units): %q", l.Tag, st, seg.Parts, seg.Units, seg.Encoding, text)
				}
				for _, must := range []string{"tilmeld.nordvest.dk/m/abcdefgh", "K7M2QX", contact, "Nordvest", "31/12 17:30"} {
					if !strings.Contains(text, must) {
						t.Errorf("%s %s: %q lacks %q", l.Tag, st, text, must)
					}
				}
			}
		}
	}
}

func TestEveryOtherMessageFitsTwoPartsInEveryLanguage(t *testing.T) {
	a := longest(t)
	r := renderer(t, "kontakt@nordvest.dk")
	for _, id := range []string{"sms.promoted", "sms.reminder", "sms.link", "sms.answer.cancelled", "sms.answer.stopped", "sms.answer.nothing"} {
		for _, l := range locales.Languages {
			su := domain.Signup{Lang: l.Tag, Status: domain.StatusConfirmed, Reference: "K7M2QX"}
			text := r.About(id, su, a, "abcdefgh")
			if seg := sms.Count(text); seg.Parts > notify.MaxParts {
				t.Errorf("%s %s: %d parts: %q", id, l.Tag, seg.Parts, text)
			}
			if !strings.Contains(text, "kontakt@nordvest.dk") || !strings.Contains(text, "Nordvest") {
				t.Errorf("%s %s: %q does not name the plan and the contact", id, l.Tag, text)
			}
			if strings.HasPrefix(id, "sms.answer") {
				continue
			}
			if !strings.Contains(text, "tilmeld.nordvest.dk/m/abcdefgh") || !strings.Contains(text, "K7M2QX") {
				t.Errorf("%s %s: %q lacks link or reference", id, l.Tag, text)
			}
		}
	}
}

func TestLatinLanguagesStayInGSM(t *testing.T) {
	a := longest(t)
	r := renderer(t, "+45 38 12 34 56")
	for _, lang := range []string{"da", "en", "so"} {
		text := r.Confirmation(domain.Signup{Lang: lang, Status: domain.StatusConfirmed, Reference: "K7M2QX"}, a, "abcdefgh")
		if enc := sms.Count(text).Encoding; enc != sms.GSM {
			t.Errorf("%s goes as %s: %q", lang, enc, text)
		}
	}
}

func TestShortLinkFitsThirtyCharacters(t *testing.T) {
	if n, ok := notify.LinkFits("https://tilmeld.nordvest.dk"); !ok || n != 30 {
		t.Errorf("19-character host: %d, %v", n, ok)
	}
	if _, ok := notify.LinkFits("https://tilmelding.beboerprojekt-nordvest.dk"); ok {
		t.Error("a long host fits")
	}
}

// The offer says until when the place is hers, on the plan's clock, and
// still fits two parts with the longest title, in every language.
func TestOfferFitsTwoPartsAndNamesItsDeadlineInEveryLanguage(t *testing.T) {
	a := longest(t)
	r := renderer(t, "kontakt@nordvest.dk")
	cph, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	r.TZ = cph
	until := time.Date(2026, 12, 29, 16, 45, 0, 0, time.UTC) // 17:45 in Copenhagen
	for _, l := range locales.Languages {
		su := domain.Signup{Lang: l.Tag, Status: domain.StatusWaitlisted, Reference: "K7M2QX", OfferExpiresAt: until}
		text := r.About("sms.offer", su, a, "abcdefgh")
		seg := sms.Count(text)
		t.Logf("%s %d %s: %s", l.Tag, seg.Units, seg.Encoding, text)
		if seg.Parts > notify.MaxParts {
			t.Errorf("%s: %d parts: %q", l.Tag, seg.Parts, text)
		}
		for _, must := range []string{"29/12 17:45", "tilmeld.nordvest.dk/m/abcdefgh", "K7M2QX", "kontakt@nordvest.dk", "Nordvest"} {
			if !strings.Contains(text, must) {
				t.Errorf("%s: %q lacks %q", l.Tag, text, must)
			}
		}
	}
}
