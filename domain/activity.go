package domain

import "time"

// Area is the key of one of the plan's areas of effort (indsatsområder);
// the plan file lists them.
type Area string

// Beboerprojekt Nordvest's four area keys, for tests and examples; which
// areas exist is up to the plan file, never to these.
const (
	AreaEducation       Area = "uddannelse-og-livschancer"
	AreaEmployment      Area = "beskaeftigelse"
	AreaCrimePrevention Area = "kriminalitetsforebyggelse"
	AreaCohesion        Area = "sammenhaengskraft-og-medborgerskab"
)

// Texts are an activity's resident-facing texts, each in several languages.
type Texts struct {
	Title    Text `json:"title"`
	Summary  Text `json:"summary"`
	Audience Text `json:"audience"` // who it is for
	Place    Text `json:"place"`
	When     Text `json:"when"` // the rhythm in words, e.g. "Tuesdays 10-11:30"
}

// Session is one meeting of an activity.
type Session struct {
	ID       int64     `json:"id,omitempty"`
	StartsAt time.Time `json:"starts_at"`
	Minutes  int       `json:"minutes"`
}

// Activity is something residents sign up for.
type Activity struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Area Area   `json:"area"`
	// Audiences are who it is for, as the home page's filter asks
	// ("for children", "for youth", ...); the plan file gives them.
	Audiences []Audience `json:"audiences,omitempty"`
	Texts     Texts      `json:"texts"`
	MinAge    *int       `json:"min_age,omitempty"`
	MaxAge    *int       `json:"max_age,omitempty"`
	StartsOn  time.Time  `json:"starts_on"`
	Sessions  []Session  `json:"sessions,omitempty"`
	Capacity  *int       `json:"capacity"` // nil: no limit
	Open      bool       `json:"signup_open"`
	Archived  bool       `json:"archived"`
	Pictogram string     `json:"pictogram,omitempty"`
	Form      Form       `json:"form"`
	// RetentionDays is how many days after the activity ends its
	// personal data is erased; nil means the service's default.
	RetentionDays *int `json:"retention_days,omitempty"`
	// GuardianBelowAge is the age below which a guardian must consent;
	// nil means DefaultGuardianAge.
	GuardianBelowAge *int `json:"guardian_below_age,omitempty"`
}

// Counts are an activity's live sign-up numbers.
type Counts struct {
	Confirmed  int `json:"confirmed" db:"confirmed"`
	Waitlisted int `json:"waitlisted" db:"waitlisted"`
}

// PlacesLeft is the number of free places, or -1 when there is no limit.
func (a Activity) PlacesLeft(c Counts) int {
	if a.Capacity == nil {
		return -1
	}
	if left := *a.Capacity - c.Confirmed; left > 0 {
		return left
	}
	return 0
}

// AcceptsSignups reports whether residents may sign up now.
func (a Activity) AcceptsSignups() bool { return a.Open && !a.Archived }
