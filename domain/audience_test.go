package domain

import "testing"

func TestAudienceIsOneOfTheFiltersFourWords(t *testing.T) {
	for _, tt := range []struct {
		a    Audience
		want bool
	}{{"children", true}, {"youth", true}, {"adults", true}, {"families", true},
		{"", false}, {"teens", false}, {"Youth", false}, {"børn", false}} {
		if got := tt.a.Valid(); got != tt.want {
			t.Errorf("Audience(%q).Valid() = %v, want %v", tt.a, got, tt.want)
		}
	}
}

func TestActivityIsForEachOfItsAudiencesOnly(t *testing.T) {
	a := Activity{Audiences: []Audience{AudienceYouth, AudienceAdults}}
	for aud, want := range map[Audience]bool{AudienceYouth: true, AudienceAdults: true, AudienceChildren: false, AudienceFamilies: false} {
		if a.For(aud) != want {
			t.Errorf("For(%s) = %v, want %v", aud, !want, want)
		}
	}
	if (Activity{}).For(AudienceAdults) {
		t.Error("an activity without audiences is for adults")
	}
}
