package ui

import "github.com/beboerprojekt-nordvest/tilmeld/store"

// ActivityCard is an activity as the list, the form page and the staff
// pages show it.
type ActivityCard struct {
	store.ActivityWithCounts
	PlacesLeft int // -1: no limit
	// PlacesText is shown instead of the count of places (the public
	// confirmation puts a marker here; see web's renderConfirmation).
	PlacesText string
}

// NewCard is the card of an activity, with its places left counted.
func NewCard(a store.ActivityWithCounts) ActivityCard {
	return ActivityCard{ActivityWithCounts: a, PlacesLeft: a.PlacesLeft(a.Counts)}
}

// Full reports that new sign-ups go to the waiting list.
func (a ActivityCard) Full() bool { return a.PlacesLeft == 0 }

// Limited reports whether the activity has a capacity.
func (a ActivityCard) Limited() bool { return a.PlacesLeft >= 0 }
