package plans

import (
	"cmp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// The default plan's activity catalogue: what residents of Beboerprojekt
// Nordvest find on a fresh install, and how a broken activity is refused.

func load(t *testing.T) map[string]domain.Activity {
	t.Helper()
	p, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	bySlug := map[string]domain.Activity{}
	for _, a := range p.Activities {
		bySlug[a.Slug] = a
	}
	return bySlug
}

func activity(t *testing.T, slug string) domain.Activity {
	t.Helper()
	a, ok := load(t)[slug]
	if !ok {
		t.Fatalf("no activity %q in the catalogue", slug)
	}
	return a
}

func field(t *testing.T, a domain.Activity, key string) domain.Field {
	t.Helper()
	fd, ok := a.Form.Field(key)
	if !ok {
		t.Fatalf("%s: form has no field %q", a.Slug, key)
	}
	return fd
}

func TestTheCatalogueHasThePlansActivities(t *testing.T) {
	acts := load(t)
	for _, slug := range []string{
		"mamamove", "eksamenstraening-dansk", "eksamenstraening-matematik", "valgambassador",
		"foraeldre-for-forandring", "familieoplevelsesklubben", "jobforloeb-barista", "hjaelpetraener",
	} {
		if _, ok := acts[slug]; !ok {
			t.Errorf("activity %q is missing", slug)
		}
	}
}

func TestCapacitiesFollowThePlan(t *testing.T) {
	acts := load(t)
	for slug, want := range map[string]int{
		"eksamenstraening-dansk":     15,
		"eksamenstraening-matematik": 15,
		"foraeldre-for-forandring":   14,
		"familieoplevelsesklubben":   12,
		"valgambassador":             10,
	} {
		if c := acts[slug].Capacity; c == nil || *c != want {
			t.Errorf("%s: capacity = %v, want %d", slug, c, want)
		}
	}
}

func TestMamaMoveAsksHowManyChildrenComeAndTheirAges(t *testing.T) {
	a := activity(t, "mamamove")
	count := field(t, a, "children_count")
	if count.Type != domain.FieldNumber || !count.Required || *count.Min != 0 || *count.Max != 8 {
		t.Errorf("children_count = %+v", count)
	}
	ages := field(t, a, "children_ages")
	if ages.Type != domain.FieldText || ages.Required || ages.MaxLen != 60 {
		t.Errorf("children_ages = %+v", ages)
	}
}

func TestExamTrainingAsksForSchoolClassAndGuardianConsent(t *testing.T) {
	for _, slug := range []string{"eksamenstraening-dansk", "eksamenstraening-matematik"} {
		a := activity(t, slug)
		if school := field(t, a, "school"); school.Type != domain.FieldChoice || !school.Required {
			t.Errorf("%s: school = %+v", slug, school)
		}
		if class := field(t, a, "class"); class.Type != domain.FieldText || !class.Required || class.MaxLen != 10 {
			t.Errorf("%s: class = %+v", slug, class)
		}
		if gc := field(t, a, domain.KeyGuardianConsent); gc.Type != domain.FieldConsent || !gc.Required {
			t.Errorf("%s: guardian_consent = %+v", slug, gc)
		}
	}
}

func TestVoterAmbassadorIsForAdultsWhoComeEveryTime(t *testing.T) {
	a := activity(t, "valgambassador")
	if a.MinAge == nil || *a.MinAge != 18 {
		t.Errorf("min_age = %v, want 18", a.MinAge)
	}
	if all := field(t, a, "all_sessions"); all.Type != domain.FieldYesNo || !all.Required {
		t.Errorf("all_sessions = %+v", all)
	}
	if len(a.Sessions) != 5 {
		t.Errorf("%d sessions, want 5 (the form asks about all 5)", len(a.Sessions))
	}
}

// Minors sign up with a guardian's consent; the form must ask for it.
func TestFormsForMinorsAskForGuardianConsent(t *testing.T) {
	for slug, a := range load(t) {
		if a.MaxAge == nil || *a.MaxAge >= 18 {
			continue
		}
		if _, ok := a.Form.Field(domain.KeyGuardianConsent); !ok {
			t.Errorf("%s is for minors but does not ask for guardian consent", slug)
		}
	}
}

// Kantorparken gets child, youth and counselling offers only: no events there.
func TestNoEventIsHeldInKantorparken(t *testing.T) {
	for slug, a := range load(t) {
		for lang, place := range a.Texts.Place {
			if strings.Contains(place, "Kantorparken") {
				t.Errorf("%s: place (%s) is in Kantorparken", slug, lang)
			}
		}
	}
}

func TestSessionTimesCarryCopenhagensOffsetOnTheirDay(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	for slug, a := range load(t) {
		for i, s := range a.Sessions {
			_, got := s.StartsAt.Zone()
			_, want := s.StartsAt.In(loc).Zone()
			if got != want {
				t.Errorf("%s session %d at %s: offset %+d h, Copenhagen has %+d h then",
					slug, i+1, s.StartsAt.Format(time.RFC3339), got/3600, want/3600)
			}
		}
	}
}

// plausible returns an answer a resident could give to fd.
func plausible(fd domain.Field, a domain.Activity, now time.Time) string {
	switch {
	case fd.Use == domain.KeyBirthYear:
		age := 30
		if a.MinAge != nil {
			age = *a.MinAge
		}
		return now.AddDate(-age, 0, 0).Format("2006")
	case fd.Type == domain.FieldNumber && fd.Min != nil:
		return strconv.Itoa(*fd.Min)
	case fd.Type == domain.FieldNumber:
		return "1"
	case fd.Type == domain.FieldPhone:
		return "22 33 44 55"
	case fd.Type == domain.FieldEmail:
		return "beboer@example.dk"
	case fd.Type == domain.FieldDate:
		return "2027-01-01"
	case fd.Type == domain.FieldChoice, fd.Type == domain.FieldMulti:
		return fd.Options[0].Value
	case fd.Type == domain.FieldYesNo:
		return "yes"
	case fd.Type == domain.FieldConsent:
		return "on"
	}
	return "9.A"
}

// Each form must take a sensible answer, and the answer's age must fit the
// activity, or no resident could ever sign up.
func TestEveryFormAcceptsAPlausibleAnswer(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	plan, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for slug, a := range load(t) {
		in := map[string][]string{}
		for _, fd := range plan.Form(a.Form).Fields {
			in[fd.Key] = []string{plausible(fd, a, now)}
		}
		_, errs := a.ValidateSignup(plan, in, now)
		if len(errs) > 0 {
			t.Errorf("%s: answers %v refused: %+v", slug, in, errs)
		}
	}
}

// checkMutated checks the shipped catalogue after edit has changed it,
// as the plan file would have it, and returns what is wrong.
func checkMutated(t *testing.T, edit func(acts []map[string]any)) error {
	t.Helper()
	var f file
	if err := toml.Unmarshal(nordvestTOML, &f); err != nil {
		t.Fatal(err)
	}
	edit(f.Activities)
	c := &checker{file: DefaultName, lines: indexLines(nordvestTOML)}
	c.activities(f.Activities, []domain.Area{domain.AreaEducation, domain.AreaEmployment, domain.AreaCrimePrevention, domain.AreaCohesion})
	return c.err()
}

// at walks into nested JSON objects and arrays: at(a, "texts", "title").
func at(v any, path ...any) map[string]any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			v = v.(map[string]any)[k]
		case int:
			v = v.([]any)[k]
		}
	}
	return v.(map[string]any)
}

func TestABrokenActivityIsRefused(t *testing.T) {
	cases := []struct {
		name string
		edit func(acts []map[string]any)
		want string
		who  string // the activity the error must name; mamamove when empty
	}{
		{"missing Arabic title", func(acts []map[string]any) {
			delete(at(acts[0], "texts", "title"), "ar")
		}, `texts.title has no "ar"`, ""},
		{"missing Farsi title", func(acts []map[string]any) {
			delete(at(acts[0], "texts", "title"), "fa")
		}, `texts.title has no "fa"`, ""},
		{"missing Somali and Urdu option label", func(acts []map[string]any) {
			o := at(acts[1], "form", "fields", 3, "options", 4, "label")
			delete(o, "so")
			delete(o, "ur")
		}, `field "school" option "other" label has no "so", "ur"`, "eksamenstraening-dansk"},
		{"blank English place", func(acts []map[string]any) {
			at(acts[0], "texts", "place")["en"] = "  "
		}, `texts.place has no "en"`, ""},
		{"slug with a space", func(acts []map[string]any) {
			acts[0]["slug"] = "mama move"
		}, "is not lower-case words", "mama move"},
		{"slug used twice", func(acts []map[string]any) {
			acts[1]["slug"] = acts[0]["slug"]
		}, "slug is used twice", ""},
		{"unknown area", func(acts []map[string]any) {
			acts[0]["area"] = "sport"
		}, `area "sport"`, ""},
		{"no sessions", func(acts []map[string]any) {
			delete(acts[0], "sessions")
		}, "has no sessions", ""},
		{"sessions out of order", func(acts []map[string]any) {
			s := acts[0]["sessions"].([]any)
			s[1], s[2] = s[2], s[1]
		}, "session 3", ""},
		{"starts_on is not the first session's day", func(acts []map[string]any) {
			acts[0]["starts_on"] = "2027-01-13T00:00:00Z"
		}, "starts_on 2027-01-13", ""},
		{"field label without Arabic", func(acts []map[string]any) {
			delete(at(acts[0], "form", "fields", 3, "label"), "ar")
		}, `field "children_count" label has no "ar"`, ""},
		{"option label without English", func(acts []map[string]any) {
			delete(at(acts[1], "form", "fields", 3, "options", 4, "label"), "en")
		}, `field "school" option "other" label has no "en"`, "eksamenstraening-dansk"},
		{"common field made optional", func(acts []map[string]any) {
			at(acts[0], "form", "fields", 1)["required"] = false
		}, `field "phone" uses common field "phone" and may set only its key, not "required"`, ""},
		{"consent not last", func(acts []map[string]any) {
			f := at(acts[0], "form")
			fields := f["fields"].([]any)
			f["fields"] = fields[:len(fields)-1]
		}, `does not end with the common "consent" field`, ""},
		{"misspelt activity key", func(acts []map[string]any) {
			acts[0]["capacty"] = 3
		}, `unknown field "capacty"`, ""},
		{"misspelt field limit", func(acts []map[string]any) {
			at(acts[0], "form", "fields", 4)["maxlen"] = 60
		}, `unknown field "maxlen"`, ""},
		{"unknown common field", func(acts []map[string]any) {
			at(acts[0], "form", "fields", 0)["use"] = "cpr"
		}, `unknown common field "cpr"`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := checkMutated(t, c.edit)
			if err == nil {
				t.Fatal("broken catalogue accepted")
			}
			who := `activity "` + cmp.Or(c.who, "mamamove") + `": `
			if !strings.Contains(err.Error(), who) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not say %q%s", err, who, c.want)
			}
		})
	}
}

func TestTheErrorNamesTheActivityAtFault(t *testing.T) {
	err := checkMutated(t, func(acts []map[string]any) {
		delete(at(acts[2], "texts", "summary"), "ar")
	})
	if err == nil || !strings.Contains(err.Error(), `activity "eksamenstraening-matematik": texts.summary has no "ar"`) {
		t.Fatalf("error = %v", err)
	}
}
