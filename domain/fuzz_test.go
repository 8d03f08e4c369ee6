package domain

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

// FuzzNormalisePhone: whatever a resident types, the result is either an
// error or a valid E.164 number that normalises to itself.
func FuzzNormalisePhone(f *testing.F) {
	for _, s := range []string{"22 33 44 55", "+45 22334455", "004522334455", "٢٢٣٣٤٤٥٥", "۲۲ ۳۳ ۴۴ ۵۵",
		"+90 532 123 45 67", "(+45) 22-33-44-55", "", "+", "00", "+4", "\xff\xfe", "22\u00a033\u00a044\u00a055"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := NormalisePhone(in)
		if err != nil {
			return
		}
		if !e164.MatchString(out) {
			t.Fatalf("NormalisePhone(%q) = %q, not E.164", in, out)
		}
		if again, err := NormalisePhone(out); err != nil || again != out {
			t.Fatalf("NormalisePhone(%q) = %q, %v; not stable", out, again, err)
		}
	})
}

// FuzzValidate feeds arbitrary input to a form with every field type: it
// never panics, every answer it accepts is valid UTF-8 within its limits,
// and a CPR-shaped number never gets through a text field.
func FuzzValidate(f *testing.F) {
	f.Add("Amina", "22334455", "3", "2027-02-01", "holberg", "mon", "yes", "on")
	f.Add("0101901234", "٢٢٣٣٤٤٥٥", "٣", "31-02-2027", "x", "sun", "maybe", "")
	f.Add("\xff", "+", "-1", "", "", "", "", "yes")
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	form := testForm()
	f.Fuzz(func(t *testing.T, name, phone, number, date, choice, multi, yesno, consent string) {
		in := map[string][]string{"name": {name}, "phone": {phone}, "children": {number}, "birth_year": {number},
			"day": {date}, "school": {choice}, "days": strings.Split(multi, ","), "all_sessions": {yesno}, "consent": {consent}}
		ans, errs := form.Validate(in, now)
		for _, e := range errs {
			if e.Code == "" || e.Field == "" {
				t.Fatalf("error without code or field: %+v", e)
			}
		}
		if s, ok := ans["name"].(string); ok {
			if !utf8.ValidString(s) || utf8.RuneCountInString(s) > 10 || LooksLikeCPR(s) || s != strings.TrimSpace(s) {
				t.Fatalf("accepted name %q", s)
			}
		}
		if p, ok := ans["phone"].(string); ok && !e164.MatchString(p) {
			t.Fatalf("accepted phone %q", p)
		}
		if n, ok := ans["children"].(int); ok && (n < 0 || n > 6) {
			t.Fatalf("accepted %d children, outside 0..6", n)
		}
		if c, ok := ans["school"].(string); ok && c != "tagensbo" && c != "holberg" {
			t.Fatalf("accepted school %q", c)
		}
	})
}
