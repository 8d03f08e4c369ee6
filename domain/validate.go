package domain

import (
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Error codes returned by validation. Each is a message id in locales/,
// translated only when a page is rendered.
const (
	ErrCodeRequired = "error.required"
	ErrCodeEncoding = "error.encoding"
	ErrCodeTooLong  = "error.too_long"
	ErrCodeCPR      = "error.cpr"
	ErrCodePhone    = "error.phone"
	ErrCodeEmail    = "error.email"
	ErrCodeNumber   = "error.number"
	ErrCodeTooSmall = "error.too_small"
	ErrCodeTooLarge = "error.too_large"
	ErrCodeDate     = "error.date"
	ErrCodeChoice   = "error.choice"
	ErrCodeConsent  = "error.consent"
)

// FieldError is one problem with one field's answer.
type FieldError struct {
	Field  string
	Code   string         // message id in locales/
	Params map[string]any // values the message refers to, e.g. Max
}

// Answers are a validated form's normalised values: string, int, bool or
// []string per field key. Unanswered optional fields are absent.
type Answers map[string]any

// String returns a text answer, or "".
func (a Answers) String(key string) string {
	s, _ := a[key].(string)
	return s
}

// Int returns a number answer and whether there was one.
func (a Answers) Int(key string) (int, bool) {
	n, ok := a[key].(int)
	return n, ok
}

// Validate checks raw form input against the form and returns normalised
// answers, or one error per field in form order. now is used for date and
// birth-year checks.
func (f Form) Validate(in map[string][]string, now time.Time) (Answers, []FieldError) {
	ans := Answers{}
	var errs []FieldError
	for _, fd := range f.Fields {
		v, fe := fd.validate(in[fd.Key], now)
		if fe != nil {
			fe.Field = fd.Key
			errs = append(errs, *fe)
			continue
		}
		if v != nil {
			ans[fd.Key] = v
		}
	}
	return ans, errs
}

func fieldErr(code string, params map[string]any) *FieldError {
	return &FieldError{Code: code, Params: params}
}

func (fd Field) validate(raw []string, now time.Time) (any, *FieldError) {
	for _, r := range raw {
		if !utf8.ValidString(r) {
			return nil, fieldErr(ErrCodeEncoding, nil)
		}
	}
	switch fd.Type {
	case FieldMulti:
		return fd.validateMulti(raw)
	case FieldConsent:
		if first(raw) == "" {
			if fd.Required {
				return nil, fieldErr(ErrCodeConsent, nil)
			}
			return false, nil
		}
		return true, nil
	}
	s := strings.TrimSpace(first(raw))
	if s == "" {
		if fd.Required {
			return nil, fieldErr(ErrCodeRequired, nil)
		}
		return nil, nil
	}
	switch fd.Type {
	case FieldText:
		return fd.validateText(s)
	case FieldPhone:
		p, err := NormalisePhone(s)
		if err != nil {
			return nil, fieldErr(ErrCodePhone, nil)
		}
		return p, nil
	case FieldEmail:
		return validateEmail(s, fd.maxLen())
	case FieldNumber:
		return fd.validateNumber(s, now)
	case FieldDate:
		return fd.validateDate(s)
	case FieldChoice:
		if !fd.hasOption(s) {
			return nil, fieldErr(ErrCodeChoice, nil)
		}
		return s, nil
	case FieldYesNo:
		if s != "yes" && s != "no" {
			return nil, fieldErr(ErrCodeChoice, nil)
		}
		return s == "yes", nil
	}
	return nil, fieldErr(ErrCodeChoice, nil)
}

func first(raw []string) string {
	if len(raw) == 0 {
		return ""
	}
	return raw[0]
}

func (fd Field) maxLen() int {
	if fd.MaxLen > 0 {
		return fd.MaxLen
	}
	return DefaultMaxLen
}

func (fd Field) validateText(s string) (any, *FieldError) {
	if n := utf8.RuneCountInString(s); n > fd.maxLen() {
		return nil, fieldErr(ErrCodeTooLong, map[string]any{"Max": fd.maxLen(), "Count": n})
	}
	if LooksLikeCPR(s) {
		return nil, fieldErr(ErrCodeCPR, nil)
	}
	return s, nil
}

func validateEmail(s string, max int) (any, *FieldError) {
	if utf8.RuneCountInString(s) > max {
		return nil, fieldErr(ErrCodeTooLong, map[string]any{"Max": max})
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
		return nil, fieldErr(ErrCodeEmail, nil)
	}
	return s, nil
}

func (fd Field) validateNumber(s string, now time.Time) (any, *FieldError) {
	n, err := strconv.Atoi(NormaliseDigits(s))
	if err != nil {
		return nil, fieldErr(ErrCodeNumber, nil)
	}
	lo, hi := fd.Min, fd.Max
	if fd.Use == KeyBirthYear {
		// A birth year can never be in the future, whatever the form says.
		y := now.Year()
		hi = &y
	}
	if lo != nil && n < *lo {
		return nil, fieldErr(ErrCodeTooSmall, map[string]any{"Min": *lo})
	}
	if hi != nil && n > *hi {
		return nil, fieldErr(ErrCodeTooLarge, map[string]any{"Max": *hi})
	}
	return n, nil
}

func (fd Field) validateDate(s string) (any, *FieldError) {
	d, err := time.Parse("2006-01-02", NormaliseDigits(s))
	if err != nil {
		return nil, fieldErr(ErrCodeDate, nil)
	}
	return d.Format("2006-01-02"), nil
}

func (fd Field) hasOption(v string) bool {
	for _, o := range fd.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

func (fd Field) validateMulti(raw []string) (any, *FieldError) {
	var out []string
	seen := map[string]bool{}
	for _, r := range raw {
		if r == "" || seen[r] {
			continue
		}
		if !fd.hasOption(r) {
			return nil, fieldErr(ErrCodeChoice, nil)
		}
		seen[r] = true
		out = append(out, r)
	}
	if len(out) == 0 {
		if fd.Required {
			return nil, fieldErr(ErrCodeRequired, nil)
		}
		return nil, nil
	}
	if fd.Max != nil && len(out) > *fd.Max {
		return nil, fieldErr(ErrCodeTooLarge, map[string]any{"Max": *fd.Max})
	}
	return out, nil
}
