package catalog

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
)

// strictActivity reads an activity with its form as plain fields, so that
// a misspelt key anywhere is refused rather than silently dropped.
type strictActivity struct {
	domain.Activity
	Form struct {
		Fields []domain.Field `json:"fields"`
	} `json:"form"`
}

// writtenForm is a form's fields exactly as written, to see which keys a
// field sets.
type writtenForm struct {
	Form struct {
		Fields []map[string]json.RawMessage `json:"fields"`
	} `json:"form"`
}

// Decode reads one activity written as JSON and returns it with what is
// wrong with it, in words; areas are the plan's areas it may belong to.
func Decode(item json.RawMessage, areas []domain.Area) (domain.Activity, []string) {
	var head struct {
		Slug string `json:"slug"`
	}
	if err := json.Unmarshal(item, &head); err != nil {
		return domain.Activity{}, []string{err.Error()}
	}
	var strict strictActivity
	dec := json.NewDecoder(bytes.NewReader(item))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&strict); err != nil {
		return domain.Activity{Slug: head.Slug}, []string{err.Error()}
	}
	var written writtenForm
	if err := json.Unmarshal(item, &written); err != nil {
		return domain.Activity{Slug: head.Slug}, []string{err.Error()}
	}
	// domain.Form expands common fields and checks the form while decoding.
	var a domain.Activity
	if err := json.Unmarshal(item, &a); err != nil {
		return domain.Activity{Slug: head.Slug}, []string{err.Error()}
	}
	return a, append(check(a, areas), checkReferences(written.Form.Fields)...)
}

// langs are the languages every resident-facing catalogue text must have:
// every language the public pages speak, so adding a language to
// locales.Languages makes each activity without it fail to load, naming
// the text. (The pages would fall back to Danish, marked lang="da", but a
// resident who chose her language should not meet Danish by accident.)
func langs() []string {
	out := make([]string, len(locales.Languages))
	for i, l := range locales.Languages {
		out[i] = l.Tag
	}
	return out
}

// missing names the languages t lacks, e.g. `has no "ar"`, or "".
func missing(t domain.Text) string {
	var out []string
	for _, l := range langs() {
		if strings.TrimSpace(t[l]) == "" {
			out = append(out, fmt.Sprintf("%q", l))
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "has no " + strings.Join(out, ", ")
}

// check returns what is wrong with one activity, in words.
func check(a domain.Activity, areas []domain.Area) []string {
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if !validSlug(a.Slug) {
		add("slug %q is not lower-case words joined by single dashes", a.Slug)
	}
	if !slices.Contains(areas, a.Area) {
		add("area %q is not one of the plan's areas", a.Area)
	}
	texts := []struct {
		name string
		t    domain.Text
	}{
		{"title", a.Texts.Title}, {"summary", a.Texts.Summary}, {"audience", a.Texts.Audience},
		{"place", a.Texts.Place}, {"when", a.Texts.When},
	}
	for _, x := range texts {
		if m := missing(x.t); m != "" {
			add("texts.%s %s", x.name, m)
		}
	}
	if a.MinAge != nil && a.MaxAge != nil && *a.MinAge > *a.MaxAge {
		add("min_age %d is above max_age %d", *a.MinAge, *a.MaxAge)
	}
	if a.Capacity != nil && *a.Capacity <= 0 {
		add("capacity %d must be positive, or null for no limit", *a.Capacity)
	}
	probs = append(probs, checkSessions(a)...)
	probs = append(probs, checkForm(a.Form)...)
	return probs
}

func checkSessions(a domain.Activity) []string {
	if len(a.Sessions) == 0 {
		return []string{"has no sessions"}
	}
	var probs []string
	for i, s := range a.Sessions {
		if s.Minutes <= 0 {
			probs = append(probs, fmt.Sprintf("session %d has %d minutes", i+1, s.Minutes))
		}
		if i > 0 && !s.StartsAt.After(a.Sessions[i-1].StartsAt) {
			probs = append(probs, fmt.Sprintf("session %d (%s) does not come after the one before it",
				i+1, s.StartsAt.Format("2006-01-02 15:04")))
		}
	}
	// The first session's date as written, in its own offset (the plan's time zone);
	// starts_on is a date, kept as midnight UTC.
	y, m, d := a.Sessions[0].StartsAt.Date()
	if want := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); !a.StartsOn.Equal(want) {
		probs = append(probs, fmt.Sprintf("starts_on %s is not %s, the first session's date",
			a.StartsOn.Format(time.RFC3339), want.Format(time.RFC3339)))
	}
	return probs
}

// checkForm requires a translation of every label the catalogue itself
// writes; labels and options with an id are translated in locales/.
func checkForm(f domain.Form) []string {
	var probs []string
	n := len(f.Fields)
	if n == 0 || f.Fields[n-1].Use != domain.KeyConsent {
		probs = append(probs, `form does not end with the common "consent" field`)
	}
	for _, fd := range f.Fields {
		if fd.Use != "" {
			continue // common fields are worded once, in locales/
		}
		if m := missing(fd.Label); fd.LabelID == "" && m != "" {
			probs = append(probs, fmt.Sprintf("field %q label %s", fd.Key, m))
		}
		if m := missing(fd.Help); fd.HelpID == "" && len(fd.Help) > 0 && m != "" {
			probs = append(probs, fmt.Sprintf("field %q help %s", fd.Key, m))
		}
		if fd.Min != nil && fd.Max != nil && *fd.Min > *fd.Max {
			probs = append(probs, fmt.Sprintf("field %q has min %d above max %d", fd.Key, *fd.Min, *fd.Max))
		}
		values := map[string]bool{}
		for _, o := range fd.Options {
			if o.Value == "" || values[o.Value] {
				probs = append(probs, fmt.Sprintf("field %q option value %q is empty or repeated", fd.Key, o.Value))
			}
			values[o.Value] = true
			if m := missing(o.Label); o.LabelID == "" && m != "" {
				probs = append(probs, fmt.Sprintf("field %q option %q label %s", fd.Key, o.Value, m))
			}
		}
	}
	return probs
}

// checkReferences refuses a common field written with settings of its
// own: domain.Form replaces it wholesale with the common definition, so
// e.g. "required": false would be silently ignored.
func checkReferences(fields []map[string]json.RawMessage) []string {
	var probs []string
	for _, fd := range fields {
		if _, ok := fd["use"]; !ok {
			continue
		}
		var extra []string
		for k := range fd {
			if k != "key" && k != "use" {
				extra = append(extra, strconv.Quote(k))
			}
		}
		if len(extra) > 0 {
			slices.Sort(extra)
			probs = append(probs, fmt.Sprintf("field %s uses common field %s and may set only its key, not %s",
				cmp.Or(string(fd["key"]), string(fd["use"])), fd["use"], strings.Join(extra, ", ")))
		}
	}
	return probs
}

// validSlug reports whether s matches ^[a-z0-9]+(-[a-z0-9]+)*$.
func validSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
