package domain

import "testing"

func TestOrganisationsHaveUniqueKeysInKnownGroups(t *testing.T) {
	groups := map[string]bool{}
	for _, g := range OrganisationGroups() {
		groups[g.Key] = true
	}
	seen := map[string]bool{}
	for _, o := range Organisations() {
		if o.Key == "" || o.Name == "" || seen[o.Key] {
			t.Errorf("organisation %+v: empty or repeated key or name", o)
		}
		seen[o.Key] = true
		if !groups[o.Group] {
			t.Errorf("organisation %s is in unknown group %q", o.Key, o.Group)
		}
		// Slack shows at most 75 characters of an option.
		if len([]rune(o.Name)) > 75 {
			t.Errorf("organisation %s: name longer than Slack shows", o.Key)
		}
	}
	if _, ok := OrganisationByKey(OrganisationOther); !ok {
		t.Error("no organisation for partners not on the list")
	}
	if _, ok := OrganisationByKey("nope"); ok {
		t.Error("unknown key found")
	}
}

func TestCounsellingOffersAreReferrableAndTitledInDanishAndEnglish(t *testing.T) {
	seen := map[string]bool{}
	for _, o := range CounsellingOffers() {
		if seen[o.Key] || !o.Area.Valid() || !o.Title.Has("da") || !o.Title.Has("en") {
			t.Errorf("offer %+v: repeated key, unknown area or missing title", o)
		}
		seen[o.Key] = true
		if tg, ok := ParseTarget("offer:" + o.Key); !ok || tg.IsActivity() {
			t.Errorf("offer %s is not a referral target", o.Key)
		}
	}
	if len(seen) != 5 {
		t.Fatalf("%d counselling offers, want the five of the agreement", len(seen))
	}
}
