package domain

// CounsellingOffer is guidance the plan's staff give one family or young
// person at a time. Residents do not sign up for it; partners refer to it,
// so it lives here rather than in the activity catalogue.
type CounsellingOffer struct {
	Key    string
	Area   Area
	Title  Text // Danish and English
	MinAge *int
	MaxAge *int
}

// CounsellingOffers lists the offers partners refer to (domain.md), in the
// order the cooperation agreement names them.
func CounsellingOffers() []CounsellingOffer {
	return []CounsellingOffer{
		{Key: "foraeldrevejledning", Area: AreaEducation,
			Title: Text{"da": "Forældrevejledning", "en": "Parent counselling (forældrevejledning)"}},
		{Key: "beboerraadgivning", Area: AreaCohesion,
			Title: Text{"da": "Beboerrådgivning (bl.a. forebyggelse af udsættelse)", "en": "Resident counselling, incl. eviction prevention"}},
		{Key: "job-uddannelse-unge", Area: AreaEmployment, MinAge: intp(14), MaxAge: intp(24),
			Title: Text{"da": "Job- og uddannelsesvejledning for unge 14–24 år", "en": "Job and education guidance for youth aged 14–24"}},
		{Key: "jobvejledning-voksne", Area: AreaEmployment, MinAge: intp(18),
			Title: Text{"da": "Job- og uddannelsesvejledning for voksne", "en": "Job and education guidance for adults"}},
		{Key: "vejledning-udsatte-unge", Area: AreaCrimePrevention, MinAge: intp(13), MaxAge: intp(24),
			Title: Text{"da": "1:1-vejledning for udsatte unge 13–24 år", "en": "1:1 guidance for vulnerable youth aged 13–24"}},
	}
}

// CounsellingOfferByKey returns the offer with the given key.
func CounsellingOfferByKey(key string) (CounsellingOffer, bool) {
	for _, o := range CounsellingOffers() {
		if o.Key == key {
			return o, true
		}
	}
	return CounsellingOffer{}, false
}
