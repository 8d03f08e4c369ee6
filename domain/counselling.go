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
