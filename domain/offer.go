package domain

import (
	"strconv"
	"strings"
	"time"
)

// OfferOutcome is how an offer of a place from the waiting list ended.
type OfferOutcome string

// Offer outcomes.
const (
	OfferAccepted OfferOutcome = "accepted"
	OfferDeclined OfferOutcome = "declined"
	OfferExpired  OfferOutcome = "expired" // not answered in time: passed on
)

// Offer hours bounds: how long an activity's offers hold a place.
const (
	MinOfferHours     = 2
	MaxOfferHours     = 168
	DefaultOfferHours = 48
)

// OfferOpen reports whether she holds an offer she can still answer.
func (s Signup) OfferOpen(now time.Time) bool {
	return s.Status == StatusWaitlisted && !s.OfferExpiresAt.IsZero() && now.Before(s.OfferExpiresAt)
}

// OfferRanOut reports whether her offer ran out: passed on already, or
// past its deadline and about to be.
func (s Signup) OfferRanOut(now time.Time) bool {
	if s.OfferOutcome == OfferExpired && s.Status == StatusCancelled {
		return true
	}
	return s.Status == StatusWaitlisted && !s.OfferExpiresAt.IsZero() && !now.Before(s.OfferExpiresAt)
}

// ParseOfferHours reads how long an activity's offers hold a place, as
// staff typed it: whole hours from MinOfferHours to MaxOfferHours.
func ParseOfferHours(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < MinOfferHours || n > MaxOfferHours {
		return 0, false
	}
	return n, true
}
