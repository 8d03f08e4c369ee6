package domain

// Audience is who an activity is for, in the four words the home page's
// filter offers residents. An activity may be for several: a money course
// for 18–30-year-olds is for youth and adults.
type Audience string

// The audiences a plan may give an activity.
const (
	AudienceChildren Audience = "children"
	AudienceYouth    Audience = "youth"
	AudienceAdults   Audience = "adults"
	AudienceFamilies Audience = "families"
)

// Audiences lists every audience, in the order the filter shows them.
var Audiences = []Audience{AudienceChildren, AudienceYouth, AudienceAdults, AudienceFamilies}

// Valid reports whether a is one of Audiences.
func (a Audience) Valid() bool {
	for _, x := range Audiences {
		if a == x {
			return true
		}
	}
	return false
}

// For reports whether the activity is for audience a.
func (act Activity) For(a Audience) bool {
	for _, x := range act.Audiences {
		if x == a {
			return true
		}
	}
	return false
}
