package web

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// doubledPunctuation finds two punctuation marks with only space between,
// as "Hvor bor du?: Udfyld dette felt" had, in any of the scripts.
var doubledPunctuation = regexp.MustCompile(`[.?!:;،؟۔]\s*[.?!:;،؟۔]`)

var htmlTag = regexp.MustCompile(`<[^>]*>`)

// TestEmptyFieldErrorsSayWhatToDo sends an empty form with every common
// field and an own question of every type, in every language. Each error
// must say what to do with that field rather than "Fill in this field",
// and no error or summary line may stand two punctuation marks together.
func TestEmptyFieldErrorsSayWhatToDo(t *testing.T) {
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	form := domain.Form{}
	for _, use := range []string{domain.KeyName, domain.KeyPhone, domain.KeyDepartment, domain.KeyAge, domain.KeyBirthYear,
		domain.KeyGuardianName, domain.KeyGuardianPhone, domain.KeyGuardianConsent, domain.KeyConsent} {
		f, ok := domain.CommonField(use)
		if !ok {
			t.Fatalf("no common field %s", use)
		}
		form.Fields = append(form.Fields, f)
	}
	email, _ := domain.CommonField(domain.KeyEmail)
	email.Required = true
	form.Fields = append(form.Fields, email)
	opts := []domain.Option{{Value: "a", Label: domain.Text{"da": "A"}}, {Value: "b", Label: domain.Text{"da": "B"}}}
	for _, typ := range []domain.FieldType{domain.FieldText, domain.FieldNumber, domain.FieldDate, domain.FieldChoice, domain.FieldMulti, domain.FieldYesNo} {
		form.Fields = append(form.Fields, domain.Field{Key: "own_" + string(typ), Type: typ, Required: true, Options: opts,
			Label: domain.Text{"da": "Hvad med " + string(typ) + "?", "ar": "ماذا عن " + string(typ) + "؟"}})
	}
	_, errs := form.Validate(map[string][]string{}, time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	if len(errs) != len(form.Fields) {
		t.Fatalf("%d errors for %d empty required fields", len(errs), len(form.Fields))
	}
	for _, l := range locales.Languages {
		p := ui.PageWith(l, i18n.NewLocalizer(bundle, l.Tag), nil)
		p.Plan = testPlan(t)
		generic := p.T(domain.ErrCodeRequired)
		seen := map[string]string{}
		for _, v := range p.FieldViews(form, nil, errs) {
			summary := html.UnescapeString(htmlTag.ReplaceAllString(string(v.Summary), ""))
			switch {
			case v.Error == "" || strings.HasPrefix(v.Error, "error."):
				t.Errorf("%s %s: error %q is missing or untranslated", l.Tag, v.Key, v.Error)
			case v.Error == generic:
				t.Errorf("%s %s: error %q does not say what to do", l.Tag, v.Key, v.Error)
			case doubledPunctuation.MatchString(v.Error) || doubledPunctuation.MatchString(summary):
				t.Errorf("%s %s: doubled punctuation in %q / summary %q", l.Tag, v.Key, v.Error, summary)
			case !strings.Contains(summary, v.Error):
				t.Errorf("%s %s: summary %q does not carry the error %q", l.Tag, v.Key, summary, v.Error)
			}
			if other, dup := seen[v.Error]; dup && v.Type == domain.FieldText && v.Use == "" {
				t.Errorf("%s: %s and %s share the error %q", l.Tag, other, v.Key, v.Error)
			}
			seen[v.Error] = v.Key
		}
	}

	p := ui.PageWith(locales.Languages[0], i18n.NewLocalizer(bundle, "da"), nil)
	p.Plan = testPlan(t)
	want := map[string][2]string{
		domain.KeyDepartment: {"Vælg hvor du bor", "Vælg hvor du bor"},
		domain.KeyPhone:      {"Skriv dit mobilnummer, fx 20 12 34 56", "Skriv dit mobilnummer, fx 20 12 34 56"},
		"own_choice":         {"Vælg en af mulighederne", "Hvad med choice: Vælg en af mulighederne"},
		"own_yesno":          {"Vælg ja eller nej", "Hvad med yesno: Vælg ja eller nej"},
	}
	for _, v := range p.FieldViews(form, nil, errs) {
		if w, ok := want[v.Key]; ok && (v.Error != w[0] || string(v.Summary) != w[1]) {
			t.Errorf("da %s: error %q, summary %q; want %q, %q", v.Key, v.Error, v.Summary, w[0], w[1])
		}
	}
}
