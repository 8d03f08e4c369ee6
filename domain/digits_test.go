package domain

import (
	"testing"
	"time"
)

func TestNormaliseDigits(t *testing.T) {
	for in, want := range map[string]string{
		"2027":                  "2027",
		"٢٠٢٧":                  "2027", // Arabic-Indic
		"۲۰۲۷":                  "2027", // Persian
		"２０２７":                  "2027", // full width
		"\u200f٣":               "3",    // a right-to-left mark typed before the digit
		"\u202a+45 22 33\u202c": "+45 22 33",
		"\u2066١٢\u2069":        "12",
		"Nørrebro 3":            "Nørrebro 3", // letters are left alone
	} {
		if got := NormaliseDigits(in); got != want {
			t.Errorf("NormaliseDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every numeric kind of answer takes the digits of every keyboard the
// residents use: a number, a birth year, a phone number and a date.
func TestEveryNumericFieldTakesArabicAndPersianDigits(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	by, _ := CommonField(KeyBirthYear)
	phone, _ := CommonField(KeyPhone)
	f := Form{Fields: []Field{
		{Key: "children", Type: FieldNumber, Required: true, Min: intp(0), Max: intp(8)},
		by, phone,
		{Key: "day", Type: FieldDate, Required: true},
	}}
	for _, tc := range []struct {
		name                       string
		children, year, phone, day string
	}{
		{"Arabic-Indic", "٣", "١٩٩٠", "٢٢ ٣٣ ٤٤ ٥٥", "٢٠٢٧-٠١-١٢"},
		{"Persian", "۳", "۱۹۹۰", "۲۲ ۳۳ ۴۴ ۵۵", "۲۰۲۷-۰۱-۱۲"},
		{"Persian with direction marks", "\u200f۳", "\u200e۱۹۹۰", "\u202a+۴۵ ۲۲۳۳۴۴۵۵\u202c", "\u2066۲۰۲۷-۰۱-۱۲\u2069"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ans, errs := f.Validate(map[string][]string{
				"children": {tc.children}, KeyBirthYear: {tc.year}, KeyPhone: {tc.phone}, "day": {tc.day},
			}, now)
			if len(errs) > 0 {
				t.Fatalf("refused: %+v", errs)
			}
			if n, _ := ans.Int("children"); n != 3 {
				t.Errorf("children = %v, want 3", ans["children"])
			}
			if y, _ := ans.Int(KeyBirthYear); y != 1990 {
				t.Errorf("birth year = %v, want 1990", ans[KeyBirthYear])
			}
			if p := ans.String(KeyPhone); p != "+4522334455" {
				t.Errorf("phone = %q, want +4522334455", p)
			}
			if d := ans.String("day"); d != "2027-01-12" {
				t.Errorf("date = %q, want 2027-01-12", d)
			}
		})
	}
}
