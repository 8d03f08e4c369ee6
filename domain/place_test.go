package domain

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestPlaceNeverExceedsCapacity(t *testing.T) {
	cap15 := 15
	cases := []struct {
		capacity  *int
		confirmed int
		want      Status
	}{
		{nil, 1000, StatusConfirmed},
		{&cap15, 0, StatusConfirmed},
		{&cap15, 14, StatusConfirmed},
		{&cap15, 15, StatusWaitlisted},
		{&cap15, 16, StatusWaitlisted},
	}
	for _, c := range cases {
		if got := Place(c.capacity, c.confirmed); got != c.want {
			t.Errorf("Place(%v, %d) = %s, want %s", c.capacity, c.confirmed, got, c.want)
		}
	}
}

func TestFreePlacesLeavesPlacesHeldByOffers(t *testing.T) {
	cases := []struct {
		name                           string
		capacity                       *int
		confirmed, waitlisted, offered int
		want                           int
	}{
		{"one place freed, three waiting", ip(15), 14, 3, 0, 1},
		{"overbooked: nothing", ip(15), 16, 3, 0, 0},
		{"the freed place is held by an offer", ip(15), 14, 3, 1, 0},
		{"two freed, one held: one more offer", ip(15), 13, 3, 1, 1},
		{"everyone waiting holds an offer", ip(15), 10, 2, 2, 0},
		{"no limit: all those without an offer", nil, 40, 5, 2, 3},
		{"more places than people waiting", ip(10), 2, 3, 1, 2},
	}
	for _, c := range cases {
		if got := FreePlaces(c.capacity, c.confirmed, c.waitlisted, c.offered); got != c.want {
			t.Errorf("%s: FreePlaces = %d, want %d", c.name, got, c.want)
		}
	}
}

// form is a candidate with her own form and number.
func form(i int) Candidate {
	return Candidate{Key: fmt.Sprintf("form-%d", i), Phone: fmt.Sprintf("+452000%04d", i)}
}

func TestDecideSignups(t *testing.T) {
	waiting3 := &Match{Status: StatusWaitlisted, Position: 3}
	placed := &Match{Status: StatusConfirmed}
	sameNumber := func(c Candidate, as Candidate) Candidate { c.Phone = as.Phone; return c }
	withKey := func(c Candidate, m *Match) Candidate { c.SameKey = m; return c }
	withPhone := func(c Candidate, m *Match) Candidate { c.SamePhone = m; return c }
	cases := []struct {
		name   string
		roster Roster
		batch  []Candidate
		want   []Outcome
		after  Roster
	}{
		{"places while they last, then the waiting list in arrival order",
			Roster{Capacity: ip(2), Open: true, Counts: Counts{Confirmed: 1}, Seq: 4},
			[]Candidate{form(1), form(2), form(3)},
			[]Outcome{
				{Verdict: Placed, Status: StatusConfirmed, Seq: 5, Of: -1, Counts: Counts{2, 0}},
				{Verdict: Placed, Status: StatusWaitlisted, Seq: 6, Position: 1, Of: -1, Counts: Counts{2, 1}},
				{Verdict: Placed, Status: StatusWaitlisted, Seq: 7, Position: 2, Of: -1, Counts: Counts{2, 2}},
			},
			Roster{Capacity: ip(2), Open: true, Counts: Counts{2, 2}, Seq: 7}},
		{"no capacity: everyone gets a place",
			Roster{Open: true, Counts: Counts{Confirmed: 500}, Seq: 500},
			[]Candidate{form(1)},
			[]Outcome{{Verdict: Placed, Status: StatusConfirmed, Seq: 501, Of: -1, Counts: Counts{501, 0}}},
			Roster{Open: true, Counts: Counts{Confirmed: 501}, Seq: 501}},
		{"overbooked by staff: the waiting list, not a place",
			Roster{Capacity: ip(2), Open: true, Counts: Counts{Confirmed: 3, Waitlisted: 1}, Seq: 9},
			[]Candidate{form(1)},
			[]Outcome{{Verdict: Placed, Status: StatusWaitlisted, Seq: 10, Position: 2, Of: -1, Counts: Counts{3, 2}}},
			Roster{Capacity: ip(2), Open: true, Counts: Counts{3, 2}, Seq: 10}},
		{"a form sent again gets its sign-up back, even once closed",
			Roster{Capacity: ip(2), Counts: Counts{2, 3}, Seq: 5},
			[]Candidate{withKey(form(1), waiting3), form(2)},
			[]Outcome{
				{Verdict: Repeated, Status: StatusWaitlisted, Position: 3, Of: -1, Counts: Counts{2, 3}},
				{Verdict: Closed, Of: -1, Counts: Counts{2, 3}},
			},
			Roster{Capacity: ip(2), Counts: Counts{2, 3}, Seq: 5}},
		{"a number signed up already is told so",
			Roster{Capacity: ip(5), Open: true, Counts: Counts{1, 0}, Seq: 1},
			[]Candidate{withPhone(form(1), placed), form(2)},
			[]Outcome{
				{Verdict: AlreadySignedUp, Status: StatusConfirmed, Of: -1, Counts: Counts{1, 0}},
				{Verdict: Placed, Status: StatusConfirmed, Seq: 2, Of: -1, Counts: Counts{2, 0}},
			},
			Roster{Capacity: ip(5), Open: true, Counts: Counts{2, 0}, Seq: 2}},
		{"one form twice in a batch: one sign-up, both shown it",
			Roster{Capacity: ip(1), Open: true, Seq: 0},
			[]Candidate{form(1), form(2), form(2)},
			[]Outcome{
				{Verdict: Placed, Status: StatusConfirmed, Seq: 1, Of: -1, Counts: Counts{1, 0}},
				{Verdict: Placed, Status: StatusWaitlisted, Seq: 2, Position: 1, Of: -1, Counts: Counts{1, 1}},
				{Verdict: Repeated, Status: StatusWaitlisted, Position: 1, Of: 1, Counts: Counts{1, 1}},
			},
			Roster{Capacity: ip(1), Open: true, Counts: Counts{1, 1}, Seq: 2}},
		{"one number on two forms in a batch: the second is told the first",
			Roster{Capacity: ip(1), Open: true, Seq: 0},
			[]Candidate{form(1), sameNumber(form(2), form(1)), form(3)},
			[]Outcome{
				{Verdict: Placed, Status: StatusConfirmed, Seq: 1, Of: -1, Counts: Counts{1, 0}},
				{Verdict: AlreadySignedUp, Status: StatusConfirmed, Of: 0, Counts: Counts{1, 0}},
				{Verdict: Placed, Status: StatusWaitlisted, Seq: 2, Position: 1, Of: -1, Counts: Counts{1, 1}},
			},
			Roster{Capacity: ip(1), Open: true, Counts: Counts{1, 1}, Seq: 2}},
		{"forms without a number are never each other's duplicates",
			Roster{Open: true},
			[]Candidate{{Key: "a"}, {Key: "b"}},
			[]Outcome{
				{Verdict: Placed, Status: StatusConfirmed, Seq: 1, Of: -1, Counts: Counts{1, 0}},
				{Verdict: Placed, Status: StatusConfirmed, Seq: 2, Of: -1, Counts: Counts{2, 0}},
			},
			Roster{Open: true, Counts: Counts{2, 0}, Seq: 2}},
		{"a place held by an offer is not given to a new sign-up",
			Roster{Capacity: ip(3), Open: true, Counts: Counts{Confirmed: 2, Waitlisted: 1}, Offered: 1, Seq: 3},
			[]Candidate{form(1)},
			[]Outcome{{Verdict: Placed, Status: StatusWaitlisted, Seq: 4, Position: 2, Of: -1, Counts: Counts{2, 2}}},
			Roster{Capacity: ip(3), Open: true, Counts: Counts{2, 2}, Offered: 1, Seq: 4}},
		{"closed: nobody new is stored",
			Roster{Capacity: ip(5), Seq: 3},
			[]Candidate{form(1)},
			[]Outcome{{Verdict: Closed, Of: -1}},
			Roster{Capacity: ip(5), Seq: 3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, after := DecideSignups(c.roster, c.batch)
			for i := range c.want {
				if got[i] != c.want[i] {
					t.Errorf("candidate %d: %+v, want %+v", i, got[i], c.want[i])
				}
			}
			if after.Counts != c.after.Counts || after.Seq != c.after.Seq || after.Open != c.after.Open {
				t.Errorf("roster after: %+v, want %+v", after, c.after)
			}
		})
	}
}

// randomBatch is a roster and a batch of candidates drawn so that forms and
// numbers often repeat, within the batch and with what is stored.
func randomBatch(rng *rand.Rand) (Roster, []Candidate) {
	r := Roster{Open: rng.IntN(8) != 0}
	if rng.IntN(5) != 0 {
		r.Capacity = ip(rng.IntN(8))
	}
	r.Counts.Confirmed = rng.IntN(10)
	if r.Capacity != nil && rng.IntN(3) != 0 {
		r.Counts.Confirmed = min(r.Counts.Confirmed, *r.Capacity)
	}
	if r.Capacity != nil && r.Counts.Confirmed >= *r.Capacity {
		r.Counts.Waitlisted = rng.IntN(5)
	}
	r.Seq = r.Counts.Confirmed + r.Counts.Waitlisted + rng.IntN(4)
	cs := make([]Candidate, 1+rng.IntN(40))
	for i := range cs {
		c := Candidate{Key: fmt.Sprint("form-", rng.IntN(30)), Phone: fmt.Sprint("+45", 20000000+rng.IntN(25))}
		if rng.IntN(10) == 0 {
			c.Phone = ""
		}
		cs[i] = c
	}
	// What is stored already is the same for every candidate with the
	// same form or number, as it would be in the database.
	stored := map[string]*Match{}
	for i, c := range cs {
		if m, ok := stored[c.Key]; ok {
			cs[i].SameKey = m
		} else if rng.IntN(6) == 0 {
			cs[i].SameKey = &Match{Status: StatusWaitlisted, Position: 1 + rng.IntN(4)}
			stored[c.Key] = cs[i].SameKey
		} else {
			stored[c.Key] = nil
		}
		if m, ok := stored[c.Phone]; ok || c.Phone == "" {
			cs[i].SamePhone = m
		} else if rng.IntN(6) == 0 {
			cs[i].SamePhone = &Match{Status: StatusConfirmed}
			stored[c.Phone] = cs[i].SamePhone
		} else {
			stored[c.Phone] = nil
		}
	}
	return r, cs
}

// oneByOne decides each candidate in a batch of her own, after storing the
// ones before her: what the batch must come to.
func oneByOne(r Roster, cs []Candidate) ([]Outcome, Roster) {
	byKey, byPhone := map[string]*Match{}, map[string]*Match{}
	outs := make([]Outcome, len(cs))
	for i, c := range cs {
		if c.SameKey == nil {
			c.SameKey = byKey[c.Key]
		}
		if c.SamePhone == nil && c.Phone != "" {
			c.SamePhone = byPhone[c.Phone]
		}
		var o []Outcome
		o, r = DecideSignups(r, []Candidate{c})
		outs[i] = o[0]
		if o[0].Verdict == Placed {
			m := &Match{Status: o[0].Status, Position: o[0].Position}
			byKey[c.Key] = m
			if c.Phone != "" {
				byPhone[c.Phone] = m
			}
		}
	}
	return outs, r
}

// TestDecideSignupsHoldsItsPromises checks the rule on many random batches:
// never over capacity, waiting-list numbers that follow on without gaps,
// arrival order kept, one sign-up per form and per number, a batch decided
// as if one by one, and a batch sent again changing nothing.
func TestDecideSignupsHoldsItsPromises(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 1))
	for run := range 5000 {
		r, cs := randomBatch(rng)
		outs, after := DecideSignups(r, cs)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("run %d, roster %+v, batch %+v:\n%s", run, r, cs, fmt.Sprintf(format, args...))
		}

		seq, waiting, waitlistBegun := r.Seq, r.Counts.Waitlisted, false
		placedKey, placedPhone := map[string]int{}, map[string]int{}
		for i, o := range outs {
			switch o.Verdict {
			case Placed:
				seq++
				if o.Seq != seq {
					fail("candidate %d got arrival number %d, want %d", i, o.Seq, seq)
				}
				if o.Status == StatusConfirmed && waitlistBegun {
					fail("candidate %d got a place after someone before her was put on the waiting list", i)
				}
				if o.Status == StatusWaitlisted {
					waitlistBegun = true
					waiting++
					if o.Position != waiting {
						fail("candidate %d is number %d on the waiting list, want %d", i, o.Position, waiting)
					}
				}
				if _, ok := placedKey[cs[i].Key]; ok {
					fail("form %s placed twice", cs[i].Key)
				}
				if _, ok := placedPhone[cs[i].Phone]; ok && cs[i].Phone != "" {
					fail("number %s placed twice", cs[i].Phone)
				}
				placedKey[cs[i].Key], placedPhone[cs[i].Phone] = i, i
			case Repeated, AlreadySignedUp:
				if o.Of >= i || (o.Of >= 0 && outs[o.Of].Verdict != Placed) {
					fail("candidate %d points at %d", i, o.Of)
				}
			}
			if r.Capacity != nil && o.Counts.Confirmed > max(*r.Capacity, r.Counts.Confirmed) {
				fail("candidate %d: %d confirmed for %d places", i, o.Counts.Confirmed, *r.Capacity)
			}
		}
		if after.Seq != seq || after.Counts.Waitlisted != waiting {
			fail("roster after %+v, want seq %d and %d waiting", after, seq, waiting)
		}

		alone, afterAlone := oneByOne(r, cs)
		for i := range outs {
			a, b := outs[i], alone[i]
			a.Of, b.Of = 0, 0
			if a != b {
				fail("candidate %d: %+v in the batch, %+v alone", i, outs[i], alone[i])
			}
		}
		if afterAlone != after {
			fail("roster %+v after the batch, %+v one by one", after, afterAlone)
		}

		// The same batch again, with what the first stored: nothing new.
		again := make([]Candidate, len(cs))
		for i, c := range cs {
			o := outs[i]
			if o.Of >= 0 {
				o = outs[o.Of]
			}
			m := &Match{Status: o.Status, Position: o.Position}
			switch outs[i].Verdict {
			case Placed, Repeated:
				c.SameKey = m
			case AlreadySignedUp:
				c.SamePhone = m
			}
			again[i] = c
		}
		outs2, after2 := DecideSignups(after, again)
		if after2 != after {
			fail("sent again, the roster moved from %+v to %+v", after, after2)
		}
		for i, o := range outs2 {
			if o.Verdict == Placed {
				fail("sent again, candidate %d got a new sign-up", i)
			}
			if outs[i].Verdict == Placed && (o.Verdict != Repeated || o.Status != outs[i].Status || o.Position != outs[i].Position) {
				fail("sent again, candidate %d: %+v, first %+v", i, o, outs[i])
			}
		}
	}
}
