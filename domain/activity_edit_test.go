package domain

import (
	"slices"
	"testing"
	"time"
)

// editable is a valid activity as staff would build it.
func editable() Activity {
	name, _ := CommonField(KeyName)
	phone, _ := CommonField(KeyPhone)
	consent, _ := CommonField(KeyConsent)
	da := func(s string) Text { return Text{"da": s} }
	return Activity{
		Slug: "mamamove-foraar", Area: AreaEducation, Capacity: ip(20),
		Texts:    Texts{Title: da("MamaMove"), Summary: da("Træning"), Audience: da("Mødre"), Place: da("Biblioteket"), When: da("Tirsdage")},
		StartsOn: time.Date(2027, 3, 23, 0, 0, 0, 0, time.UTC),
		Sessions: []Session{{StartsAt: time.Date(2027, 3, 23, 9, 0, 0, 0, time.UTC), Minutes: 120}},
		Form: Form{Fields: []Field{name, phone,
			{Key: "children_count", Type: FieldNumber, Label: da("Antal børn"), Min: ip(0), Max: ip(8)},
			{Key: "school", Type: FieldChoice, Label: da("Skole"), Options: []Option{{Value: "tagensbo", Label: da("Tagensbo")}}},
			consent}},
	}
}

func TestCheckActivityEdit(t *testing.T) {
	cases := []struct {
		name   string
		change func(a *Activity)
		want   []string // "field:code"
	}{
		{"valid", func(a *Activity) {}, nil},
		{"slug with capitals", func(a *Activity) { a.Slug = "MamaMove" }, []string{"slug:" + ErrCodeSlug}},
		{"slug with double dash", func(a *Activity) { a.Slug = "mama--move" }, []string{"slug:" + ErrCodeSlug}},
		{"unknown area", func(a *Activity) { a.Area = "sport" }, []string{"area:" + ErrCodeArea}},
		{"for youth and adults", func(a *Activity) { a.Audiences = []Audience{AudienceYouth, AudienceAdults} }, nil},
		{"for no one in particular", func(a *Activity) { a.Audiences = nil }, nil},
		{"unknown audience", func(a *Activity) { a.Audiences = []Audience{"seniors"} }, []string{"audiences:" + ErrCodeAudiences}},
		{"audience twice", func(a *Activity) { a.Audiences = []Audience{AudienceYouth, AudienceYouth} }, []string{"audiences:" + ErrCodeAudiences}},
		{"title only in English", func(a *Activity) { a.Texts.Title = Text{"en": "MamaMove"} }, []string{"text-title-da:" + ErrCodeTextDanish}},
		{"missing translations are fine", func(a *Activity) { a.Texts.Summary["ar"] = "" }, nil},
		{"capacity zero", func(a *Activity) { a.Capacity = ip(0) }, []string{"capacity:" + ErrCodeCapacity}},
		{"no capacity is no limit", func(a *Activity) { a.Capacity = nil }, nil},
		{"min age above max", func(a *Activity) { a.MinAge, a.MaxAge = ip(18), ip(13) }, []string{"min_age:" + ErrCodeAgeBounds}},
		{"no date at all", func(a *Activity) { a.StartsOn, a.Sessions = time.Time{}, nil }, []string{"starts_on:" + ErrCodeStartsOn}},
		{"a session of no minutes", func(a *Activity) { a.Sessions[0].Minutes = 0 }, []string{"session-0:" + ErrCodeSession}},
		{"the same session twice", func(a *Activity) { a.Sessions = append(a.Sessions, a.Sessions[0]) }, []string{"session-1:" + ErrCodeSessionTwice}},
		{"field key with a space", func(a *Activity) { a.Form.Fields[2].Key = "children count" }, []string{"field-2:" + ErrCodeFieldKey}},
		{"field key twice", func(a *Activity) { a.Form.Fields[3].Key = "children_count" }, []string{"field-3:" + ErrCodeFieldKeyTwice}},
		{"field with no Danish label", func(a *Activity) { a.Form.Fields[2].Label = Text{"en": "Children"} }, []string{"field-2:" + ErrCodeFieldLabel}},
		{"unknown field type", func(a *Activity) { a.Form.Fields[2].Type = "signature" }, []string{"field-2:" + ErrCodeFieldType}},
		{"choice with no options", func(a *Activity) { a.Form.Fields[3].Options = nil }, []string{"field-3:" + ErrCodeFieldOptions}},
		{"number min above max", func(a *Activity) { a.Form.Fields[2].Min = ip(9) }, []string{"field-2:" + ErrCodeFieldBounds}},
		{"no name", func(a *Activity) { a.Form.Fields = a.Form.Fields[1:] }, []string{"fields:" + ErrCodeFormName}},
		{"consent not last", func(a *Activity) {
			f := a.Form.Fields
			f[3], f[4] = f[4], f[3]
		}, []string{"fields:" + ErrCodeFormConsent}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := editable()
			c.change(&a)
			var got []string
			for _, e := range a.CheckEdit(testPlan()) {
				got = append(got, e.Field+":"+e.Code)
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("errors %v, want %v", got, c.want)
			}
		})
	}
}

func TestNextSeasonKeepsWeekdayAndClockAcrossSummerTime(t *testing.T) {
	cph, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	a := editable()
	a.ID, a.Open = 7, true
	a.StartsOn = time.Date(2027, 1, 12, 0, 0, 0, 0, time.UTC)
	a.Sessions = nil
	for i := range 10 { // Tuesdays at ten, 12 January to 16 March
		a.Sessions = append(a.Sessions, Session{ID: int64(i + 1), StartsAt: time.Date(2027, 1, 12+7*i, 10, 0, 0, 0, cph), Minutes: 120})
	}
	weeks := NextSeasonWeeks(a.Sessions)
	if weeks != 10 {
		t.Fatalf("NextSeasonWeeks = %d, want 10 (the copy starts the week after the last session)", weeks)
	}
	b := a.NextSeason("mamamove-foraar", weeks, cph)
	if b.ID != 0 || b.Slug != "mamamove-foraar" || b.Open || b.Archived {
		t.Fatalf("copy: id %d slug %s open %v archived %v", b.ID, b.Slug, b.Open, b.Archived)
	}
	if !b.StartsOn.Equal(time.Date(2027, 3, 23, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("copy starts on %v", b.StartsOn)
	}
	for i, s := range b.Sessions {
		local := s.StartsAt.In(cph)
		if local.Weekday() != time.Tuesday || local.Hour() != 10 || s.ID != 0 {
			t.Errorf("session %d at %v (id %d), want a Tuesday at 10:00 local time and no id", i, local, s.ID)
		}
	}
	// Summer time begins 28 March 2027: the clock stays at ten.
	if got := b.Sessions[1].StartsAt.Sub(b.Sessions[0].StartsAt); got != 7*24*time.Hour-time.Hour {
		t.Errorf("the week over the change to summer time lasts %v", got)
	}
	b.Texts.Title["da"] = "changed"
	if a.Texts.Title["da"] == "changed" {
		t.Fatal("the copy shares its texts with the original")
	}
	if NextSeasonWeeks(nil) != 52 {
		t.Fatal("with no sessions, a copy moves a year")
	}
}
