package domain

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestNormalisePhone(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"12345678", "", false}, // Danish numbers never start with 1
		{"22 33 44 55", "+4522334455", true},
		{"+45 22 33 44 55", "+4522334455", true},
		{"004522334455", "+4522334455", true},
		{"+4522334455", "+4522334455", true},
		{"٢٢٣٣٤٤٥٥", "+4522334455", true},            // Arabic-Indic digits
		{"۲۲ ۳۳ ۴۴ ۵۵", "+4522334455", true},         // Persian digits
		{"+90 532 123 45 67", "+905321234567", true}, // Turkish mobile
		{"0090 532 123 45 67", "+905321234567", true},
		{"+252 61 234 5678", "+252612345678", true}, // Somali
		{"2233445", "", false},                      // seven digits
		{"223344556", "", false},                    // nine digits, no country code
		{"+45 2233 445", "", false},
		{"+0123456789", "", false},
		{"+1234567890123456", "", false}, // over 15 digits
		{"22-33-44-55", "+4522334455", true},
		{"2233445a", "", false},
		{"22+334455", "", false},
		{"", "", false},
	}
	for _, c := range cases {
		got, err := NormalisePhone(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("NormalisePhone(%q) = %q, %v; want %q ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestLooksLikeCPR(t *testing.T) {
	cases := map[string]bool{
		"010203-1234":            true,
		"0102031234":             true,
		"cpr 311299 1234 thanks": true,
		"٠١٠٢٠٣-١٢٣٤":            true,
		"she has 2 children":     false,
		"22334455":               false, // a phone number
		"+4522334455":            false,
		"320101-1234":            false, // no 32nd day
		"011301-1234":            false, // no 13th month
		"12345678901":            false, // part of a longer number
	}
	for in, want := range cases {
		if got := LooksLikeCPR(in); got != want {
			t.Errorf("LooksLikeCPR(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestNewReferenceUsesOnlyUnambiguousCharacters(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 2000; i++ {
		r := NewReference()
		if len(r) != ReferenceLength {
			t.Fatalf("reference %q has length %d", r, len(r))
		}
		if strings.ContainsAny(r, "0O1IL") {
			t.Fatalf("reference %q has an ambiguous character", r)
		}
		seen[r] = true
	}
	if len(seen) < 1990 {
		t.Fatalf("only %d distinct references in 2000", len(seen))
	}
}

func ip(i int) *int { return &i }

// testForm has one field of every type.
func testForm() Form {
	return Form{Fields: []Field{
		{Key: "name", Use: "name", Type: FieldText, Required: true, MaxLen: 10},
		{Key: "phone", Type: FieldPhone, Required: true},
		{Key: "email", Type: FieldEmail},
		{Key: "children", Type: FieldNumber, Min: ip(0), Max: ip(6)},
		{Key: "birth_year", Use: KeyBirthYear, Type: FieldNumber, Min: ip(1900), Max: ip(2100)},
		{Key: "day", Type: FieldDate},
		{Key: "school", Type: FieldChoice, Required: true, Options: []Option{{Value: "tagensbo"}, {Value: "holberg"}}},
		{Key: "days", Type: FieldMulti, Max: ip(2), Options: []Option{{Value: "mon"}, {Value: "tue"}, {Value: "wed"}}},
		{Key: "all_sessions", Type: FieldYesNo, Required: true},
		{Key: "consent", Type: FieldConsent, Required: true},
	}}
}

func validInput() map[string][]string {
	return map[string][]string{
		"name": {"Amina"}, "phone": {"22 33 44 55"}, "school": {"holberg"},
		"all_sessions": {"yes"}, "consent": {"on"},
	}
}

func TestValidateEachFieldType(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		key   string
		value []string
		code  string // "" means valid
		want  any
	}{
		{"name kept", "name", []string{"  Amina "}, "", "Amina"},
		{"name required", "name", []string{" "}, ErrCodeRequired, nil},
		{"name too long in runes", "name", []string{"ÆØÅæøåÆØÅæø"}, ErrCodeTooLong, nil},
		{"name ten runes fits", "name", []string{"ÆØÅæøåÆØÅæ"}, "", "ÆØÅæøåÆØÅæ"},
		{"name invalid utf-8", "name", []string{"Am\xffina"}, ErrCodeEncoding, nil},
		{"cpr in free text", "name", []string{"0101901234"}, ErrCodeCPR, nil},
		{"phone normalised", "phone", []string{"+45 22 33 44 55"}, "", "+4522334455"},
		{"phone arabic-indic", "phone", []string{"٢٢٣٣٤٤٥٥"}, "", "+4522334455"},
		{"phone bad", "phone", []string{"123"}, ErrCodePhone, nil},
		{"email ok", "email", []string{"a@example.dk"}, "", "a@example.dk"},
		{"email bad", "email", []string{"a@b"}, ErrCodeEmail, nil},
		{"email with name part", "email", []string{"A <a@example.dk>"}, ErrCodeEmail, nil},
		{"number ok", "children", []string{"3"}, "", 3},
		{"number arabic-indic", "children", []string{"٣"}, "", 3},
		{"number persian", "children", []string{"۵"}, "", 5},
		{"number not a number", "children", []string{"three"}, ErrCodeNumber, nil},
		{"number too small", "children", []string{"-1"}, ErrCodeTooSmall, nil},
		{"number too large", "children", []string{"7"}, ErrCodeTooLarge, nil},
		{"birth year future", "birth_year", []string{"2027"}, ErrCodeTooLarge, nil},
		{"birth year persian digits", "birth_year", []string{"۱۹۹۰"}, "", 1990},
		{"date ok", "day", []string{"2027-02-01"}, "", "2027-02-01"},
		{"date bad", "day", []string{"31-02-2027"}, ErrCodeDate, nil},
		{"choice ok", "school", []string{"tagensbo"}, "", "tagensbo"},
		{"choice unknown", "school", []string{"other"}, ErrCodeChoice, nil},
		{"choice required", "school", nil, ErrCodeRequired, nil},
		{"multi ok", "days", []string{"mon", "tue", "mon"}, "", []string{"mon", "tue"}},
		{"multi unknown", "days", []string{"sun"}, ErrCodeChoice, nil},
		{"multi too many", "days", []string{"mon", "tue", "wed"}, ErrCodeTooLarge, nil},
		{"yes", "all_sessions", []string{"yes"}, "", true},
		{"no", "all_sessions", []string{"no"}, "", false},
		{"yesno required", "all_sessions", nil, ErrCodeRequired, nil},
		{"yesno garbage", "all_sessions", []string{"maybe"}, ErrCodeChoice, nil},
		{"consent missing", "consent", nil, ErrCodeConsent, nil},
		{"consent given", "consent", []string{"on"}, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := validInput()
			in[c.key] = c.value
			ans, errs := testForm().Validate(in, now)
			if c.code != "" {
				if len(errs) != 1 || errs[0].Field != c.key || errs[0].Code != c.code {
					t.Fatalf("errors = %+v, want one %s on %s", errs, c.code, c.key)
				}
				return
			}
			if len(errs) != 0 {
				t.Fatalf("unexpected errors %+v", errs)
			}
			got, _ := json.Marshal(ans[c.key])
			want, _ := json.Marshal(c.want)
			if string(got) != string(want) {
				t.Fatalf("answer %s = %s, want %s", c.key, got, want)
			}
		})
	}
}

func TestValidateReportsEveryErrorInFormOrder(t *testing.T) {
	_, errs := testForm().Validate(map[string][]string{}, time.Now())
	var keys []string
	for _, e := range errs {
		keys = append(keys, e.Field)
	}
	if got := strings.Join(keys, ","); got != "name,phone,school,all_sessions,consent" {
		t.Fatalf("error fields = %s", got)
	}
}

func TestFormJSONExpandsCommonFields(t *testing.T) {
	var f Form
	if err := json.Unmarshal([]byte(`{"fields":[{"use":"name"},{"use":"department"},{"key":"kids","type":"number"}]}`), &f); err != nil {
		t.Fatal(err)
	}
	dept, ok := f.Field(KeyDepartment)
	if !ok || dept.Type != FieldChoice || dept.Use != KeyDepartment {
		t.Fatalf("department field = %+v", dept)
	}
	if f.Fields[0].LabelID != "field.name.label" || !f.Fields[0].Required {
		t.Fatalf("name field = %+v", f.Fields[0])
	}
	out, _ := json.Marshal(f)
	if !strings.Contains(string(out), `{"key":"name","use":"name"`) {
		t.Fatalf("common field not written back as a reference: %s", out)
	}
	if err := json.Unmarshal([]byte(`{"fields":[{"use":"cpr"}]}`), &f); err == nil {
		t.Fatal("unknown common field accepted")
	}
}

func TestCheckAge(t *testing.T) {
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	adult := Activity{MinAge: ip(18)}
	teen := Activity{MinAge: ip(13), MaxAge: ip(17)}
	cases := []struct {
		name string
		a    Activity
		ans  Answers
		bad  bool
	}{
		{"18 is adult", adult, Answers{KeyAge: 18}, false},
		{"17 is not", adult, Answers{KeyAge: 17}, true},
		{"born 2008 may be 18", adult, Answers{KeyBirthYear: 2008}, false},
		{"born 2010 is at most 16", adult, Answers{KeyBirthYear: 2010}, true},
		{"teen 13", teen, Answers{KeyAge: 13}, false},
		{"teen 18", teen, Answers{KeyAge: 18}, true},
		{"no age asked", adult, Answers{}, false},
	}
	for _, c := range cases {
		if got := len(c.a.CheckAge(c.ans, now)) > 0; got != c.bad {
			t.Errorf("%s: refused=%v, want %v", c.name, got, c.bad)
		}
	}
}

func TestCheckAgePrefersTheExactAge(t *testing.T) {
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	adult := Activity{MinAge: ip(18)}
	errs := adult.CheckAge(Answers{KeyAge: 17, KeyBirthYear: 2008}, now)
	if len(errs) != 1 || errs[0].Field != KeyAge {
		t.Fatalf("errors = %+v, want one on the age field", errs)
	}
}

// TestAgeErrorNamesOnlyTheBoundsTheActivityHas: an 18+ activity must not
// say "between 18 and  years", nor a children's one "between  and 12".
func TestAgeErrorNamesOnlyTheBoundsTheActivityHas(t *testing.T) {
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		a    Activity
		age  int
		code string
		want map[string]any
	}{
		{"adults only", Activity{MinAge: ip(18)}, 17, ErrCodeAgeMin, map[string]any{"Min": 18, "Count": 18}},
		{"children only", Activity{MaxAge: ip(12)}, 13, ErrCodeAgeMax, map[string]any{"Max": 12, "Count": 12}},
		{"teenagers", Activity{MinAge: ip(13), MaxAge: ip(17)}, 18, ErrCodeAgeRange, map[string]any{"Min": 13, "Max": 17, "Count": 17}},
	}
	for _, c := range cases {
		errs := c.a.CheckAge(Answers{KeyAge: c.age}, now)
		if len(errs) != 1 || errs[0].Code != c.code || !reflect.DeepEqual(errs[0].Params, c.want) {
			t.Errorf("%s: errors = %+v, want %s %v", c.name, errs, c.code, c.want)
		}
	}
}
