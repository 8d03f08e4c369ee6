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
	taken := a.Counts
	taken.Confirmed += a.Offered // a place held by an offer is not free
	return ActivityCard{ActivityWithCounts: a, PlacesLeft: a.PlacesLeft(taken)}
}

// Full reports that new sign-ups go to the waiting list.
func (a ActivityCard) Full() bool { return a.PlacesLeft == 0 }

// Limited reports whether the activity has a capacity.
func (a ActivityCard) Limited() bool { return a.PlacesLeft >= 0 }
