package domain

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Error codes of an activity edit; each is a message id in locales/staff.*.
const (
	ErrCodeSlug          = "staff.error.slug"
	ErrCodeArea          = "staff.error.area"
	ErrCodeTextDanish    = "staff.error.text_danish"
	ErrCodeTextLong      = "staff.error.text_long"
	ErrCodeCapacity      = "staff.error.capacity"
	ErrCodeAgeBounds     = "staff.error.age_bounds"
	ErrCodeStartsOn      = "staff.error.starts_on"
	ErrCodeSession       = "staff.error.session"
	ErrCodeSessionTwice  = "staff.error.session_twice"
	ErrCodeFieldKey      = "staff.error.field_key"
	ErrCodeFieldKeyTwice = "staff.error.field_key_twice"
	ErrCodeFieldLabel    = "staff.error.field_label"
	ErrCodeFieldType     = "staff.error.field_type"
	ErrCodeFieldOptions  = "staff.error.field_options"
	ErrCodeFieldBounds   = "staff.error.field_bounds"
	ErrCodeFormName      = "staff.error.form_name"
	ErrCodeFormPhone     = "staff.error.form_phone"
	ErrCodeFormConsent   = "staff.error.form_consent"
	ErrCodeFormGuardian  = "staff.error.form_guardian"
	ErrCodeRetention     = "staff.error.retention"
	ErrCodeGuardianAge   = "staff.error.guardian_age"
	ErrCodeAudiences     = "staff.error.audiences"
)

// MaxTextLen bounds each activity text; a summary is a few sentences.
const MaxTextLen = 2000

// ValidSlug reports whether s can be an activity's address: lower-case
// words of a-z and 0-9 joined by single dashes, at most 60 characters.
func ValidSlug(s string) bool {
	if s == "" || len(s) > 60 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// validFieldKey: a form field's key is also its answer's name in exports.
func validFieldKey(k string) bool {
	if k == "" || len(k) > 40 || k[0] == '_' {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// CheckEdit checks an activity as staff edited it for plan p, returning one error per
// problem. Every text must exist in Danish, the language pages fall back
// to; the form must ask for a name and a phone number, which staff search
// by, and end with the consent the plan needs before it keeps anything.
func (a Activity) CheckEdit(p *Plan) []FieldError {
	var errs []FieldError
	add := func(field, code string) { errs = append(errs, FieldError{Field: field, Code: code}) }
	if !ValidSlug(a.Slug) {
		add("slug", ErrCodeSlug)
	}
	if !p.HasArea(a.Area) {
		add("area", ErrCodeArea)
	}
	if !validAudiences(a.Audiences) {
		add("audiences", ErrCodeAudiences)
	}
	for _, t := range a.Texts.Named() {
		if strings.TrimSpace(t.Text[DefaultLang]) == "" {
			add("text-"+t.Name+"-"+DefaultLang, ErrCodeTextDanish)
		}
		for lang, s := range t.Text {
			switch {
			case utf8.RuneCountInString(s) > MaxTextLen || !utf8.ValidString(s):
				add("text-"+t.Name+"-"+lang, ErrCodeTextLong)
			case LooksLikeCPR(s):
				add("text-"+t.Name+"-"+lang, ErrCodeStaffCPR)
			}
		}
	}
	if a.Capacity != nil && (*a.Capacity < 1 || *a.Capacity > 10000) {
		add("capacity", ErrCodeCapacity)
	}
	badAges := outOfAge(a.MinAge) || outOfAge(a.MaxAge) || (a.MinAge != nil && a.MaxAge != nil && *a.MinAge > *a.MaxAge)
	if badAges {
		add("min_age", ErrCodeAgeBounds)
	}
	if a.StartsOn.IsZero() && len(a.Sessions) == 0 {
		add("starts_on", ErrCodeStartsOn)
	}
	if a.RetentionDays != nil && !ValidRetention(*a.RetentionDays) {
		add("retention_days", ErrCodeRetention)
	}
	if g := a.GuardianBelowAge; g != nil && (*g < 1 || *g > 21) {
		add("guardian_below_age", ErrCodeGuardianAge)
	}
	errs = append(errs, checkSessions(a.Sessions)...)
	errs = append(errs, a.Form.CheckEdit()...)
	if _, asks := a.Form.Field(KeyGuardianConsent); !asks && !badAges && a.MaxAge != nil && *a.MaxAge < a.GuardianAge() {
		// Only children can sign up: a guardian must say yes.
		add("fields", ErrCodeFormGuardian)
	}
	return errs
}

// validAudiences reports whether each audience is one of the filter's
// four words, none twice; the database refuses any other.
func validAudiences(in []Audience) bool {
	seen := map[Audience]bool{}
	for _, a := range in {
		if !a.Valid() || seen[a] {
			return false
		}
		seen[a] = true
	}
	return true
}

func outOfAge(n *int) bool { return n != nil && (*n < 0 || *n > 120) }

func checkSessions(ss []Session) []FieldError {
	var errs []FieldError
	seen := map[time.Time]bool{}
	for i, s := range ss {
		field := fmt.Sprintf("session-%d", i)
		switch {
		case s.StartsAt.IsZero() || s.Minutes < 1 || s.Minutes > 24*60:
			errs = append(errs, FieldError{Field: field, Code: ErrCodeSession})
		case seen[s.StartsAt.UTC()]:
			errs = append(errs, FieldError{Field: field, Code: ErrCodeSessionTwice})
		}
		seen[s.StartsAt.UTC()] = true
	}
	return errs
}

// CheckEdit checks a form definition as staff built it.
func (f Form) CheckEdit() []FieldError {
	var errs []FieldError
	add := func(i int, code string) {
		errs = append(errs, FieldError{Field: fmt.Sprintf("field-%d", i), Code: code})
	}
	seen := map[string]bool{}
	hasName, hasPhone := false, false
	for i, fd := range f.Fields {
		switch {
		case !validFieldKey(fd.Key):
			add(i, ErrCodeFieldKey)
		case seen[fd.Key]:
			add(i, ErrCodeFieldKeyTwice)
		}
		seen[fd.Key] = true
		hasName = hasName || fd.Key == KeyName
		hasPhone = hasPhone || fd.Key == KeyPhone || fd.Key == KeyGuardianPhone
		if fd.Use != "" {
			continue // worded once, in locales/
		}
		if !knownFieldType(fd.Type) {
			add(i, ErrCodeFieldType)
			continue
		}
		if fd.LabelID == "" && strings.TrimSpace(fd.Label[DefaultLang]) == "" {
			add(i, ErrCodeFieldLabel)
		}
		if (fd.Type == FieldChoice || fd.Type == FieldMulti) && !optionsComplete(fd.Options) {
			add(i, ErrCodeFieldOptions)
		}
		if fd.Min != nil && fd.Max != nil && *fd.Min > *fd.Max {
			add(i, ErrCodeFieldBounds)
		}
		if fd.hasCPR() {
			add(i, ErrCodeStaffCPR)
		}
	}
	if !hasName {
		errs = append(errs, FieldError{Field: "fields", Code: ErrCodeFormName})
	}
	if !hasPhone {
		errs = append(errs, FieldError{Field: "fields", Code: ErrCodeFormPhone})
	}
	if n := len(f.Fields); n == 0 || f.Fields[n-1].Use != KeyConsent {
		errs = append(errs, FieldError{Field: "fields", Code: ErrCodeFormConsent})
	}
	return errs
}

// hasCPR reports a CPR-shaped number in a field's label, help or options:
// staff type these, and residents read them on every form.
func (fd Field) hasCPR() bool {
	texts := []Text{fd.Label, fd.Help}
	for _, o := range fd.Options {
		texts = append(texts, o.Label)
	}
	for _, t := range texts {
		for _, s := range t {
			if LooksLikeCPR(s) {
				return true
			}
		}
	}
	return false
}

func knownFieldType(t FieldType) bool {
	for _, x := range FieldTypes {
		if t == x {
			return true
		}
	}
	return false
}

// optionsComplete: at least one option, each with a distinct value and a
// Danish label.
func optionsComplete(opts []Option) bool {
	seen := map[string]bool{}
	for _, o := range opts {
		if o.Value == "" || seen[o.Value] || (o.LabelID == "" && strings.TrimSpace(o.Label[DefaultLang]) == "") {
			return false
		}
		seen[o.Value] = true
	}
	return len(opts) > 0
}

// NamedText is one of an activity's texts with its name, for editors.
type NamedText struct {
	Name string
	Text Text
}

// Named lists the texts in the order an editor shows them.
func (t Texts) Named() []NamedText {
	return []NamedText{{"title", t.Title}, {"summary", t.Summary}, {"audience", t.Audience}, {"place", t.Place}, {"when", t.When}}
}

// SortSessions puts sessions in time order, as pages and roll calls list them.
func SortSessions(ss []Session) {
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].StartsAt.Before(ss[j].StartsAt) })
}

// NextSeasonWeeks is how many whole weeks to move an activity's dates so
// that the copy starts the week after the original ends, on the same
// weekday. With no sessions it is one year's worth of weeks.
func NextSeasonWeeks(ss []Session) int {
	if len(ss) == 0 {
		return 52
	}
	first, last := ss[0].StartsAt, ss[0].StartsAt
	for _, s := range ss {
		if s.StartsAt.Before(first) {
			first = s.StartsAt
		}
		if s.StartsAt.After(last) {
			last = s.StartsAt
		}
	}
	days := last.Sub(first).Hours() / 24
	return int(math.Floor(days/7)) + 1
}

// NextSeason returns a copy of the activity for its next round: a new
// slug, every date moved by whole weeks in local time (so a Tuesday at ten
// stays a Tuesday at ten across summer time), closed for sign-up until
// staff have checked its texts, and with no sign-ups or history.
func (a Activity) NextSeason(slug string, weeks int, loc *time.Location) Activity {
	b := a
	b.ID = 0
	b.Slug = slug
	b.Open = false
	b.Archived = false
	b.Texts = Texts{Title: a.Texts.Title.clone(), Summary: a.Texts.Summary.clone(), Audience: a.Texts.Audience.clone(),
		Place: a.Texts.Place.clone(), When: a.Texts.When.clone()}
	b.Form = Form{Fields: append([]Field(nil), a.Form.Fields...)}
	if !a.StartsOn.IsZero() {
		b.StartsOn = a.StartsOn.AddDate(0, 0, 7*weeks)
	}
	b.Sessions = make([]Session, len(a.Sessions))
	for i, s := range a.Sessions {
		b.Sessions[i] = Session{StartsAt: s.StartsAt.In(loc).AddDate(0, 0, 7*weeks), Minutes: s.Minutes}
	}
	return b
}

func (t Text) clone() Text {
	if t == nil {
		return nil
	}
	out := make(Text, len(t))
	for k, v := range t {
		out[k] = v
	}
	return out
}
