package domain

import (
	"testing"
	"time"
)

func TestParseOfferHoursKeepsTwoHoursToAWeek(t *testing.T) {
	cases := []struct {
		in   string
		want int
		ok   bool
	}{
		{"48", 48, true}, {" 2 ", 2, true}, {"168", 168, true},
		{"1", 0, false}, {"169", 0, false}, {"", 0, false}, {"24.5", 0, false}, {"to døgn", 0, false},
	}
	for _, c := range cases {
		if got, ok := ParseOfferHours(c.in); got != c.want || ok != c.ok {
			t.Errorf("ParseOfferHours(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestAnOfferIsOpenUntilItsDeadline(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name       string
		su         Signup
		open, gone bool
	}{
		{"waiting, no offer", Signup{Status: StatusWaitlisted}, false, false},
		{"offer running", Signup{Status: StatusWaitlisted, OfferExpiresAt: now.Add(time.Hour)}, true, false},
		{"deadline passed, not yet passed on", Signup{Status: StatusWaitlisted, OfferExpiresAt: now}, false, true},
		{"passed on", Signup{Status: StatusCancelled, OfferOutcome: OfferExpired}, false, true},
		{"declined", Signup{Status: StatusCancelled, OfferOutcome: OfferDeclined}, false, false},
		{"accepted", Signup{Status: StatusConfirmed, OfferOutcome: OfferAccepted}, false, false},
	}
	for _, c := range cases {
		if open, gone := c.su.OfferOpen(now), c.su.OfferRanOut(now); open != c.open || gone != c.gone {
			t.Errorf("%s: open %v, ran out %v; want %v, %v", c.name, open, gone, c.open, c.gone)
		}
	}
}
