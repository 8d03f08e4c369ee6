package domain

// The sign-up rule: who gets a place, who goes on the waiting list at
// which number, and who is told she has signed up already. The store
// reads what the rule needs under the activity's row lock, calls
// DecideSignups for everyone who arrived together, and writes the result;
// nothing else decides a new sign-up's place.

// Place decides a new sign-up's status: a place while the confirmed count is
// below capacity (or there is no capacity), otherwise the waiting list.
// The caller must hold the activity's lock so confirmed cannot change meanwhile.
func Place(capacity *int, confirmed int) Status {
	if capacity == nil || confirmed < *capacity {
		return StatusConfirmed
	}
	return StatusWaitlisted
}

// FreePlaces is how many of those waiting can be given a place (or
// offered one) now. Waitlisted counts everyone on the waiting list;
// offered are those of them holding an offer not yet answered: each holds
// a place, and is not waiting for another.
func FreePlaces(capacity *int, confirmed, waitlisted, offered int) int {
	waiting := max(waitlisted-offered, 0)
	if capacity == nil {
		return waiting
	}
	free := *capacity - confirmed - offered
	if free < 0 {
		return 0
	}
	return min(free, waiting)
}

// Roster is an activity's state as the sign-up rule reads it, under the
// activity's row lock.
type Roster struct {
	Capacity *int // nil: no limit
	Open     bool // taking sign-ups: open and not archived
	Counts   Counts
	// Offered is how many on the waiting list hold an offer of a place
	// not yet answered: those places are taken until she answers or the
	// offer runs out.
	Offered int
	// Seq is the last arrival number handed out; the next sign-up gets
	// Seq+1. Numbers are never reused, so a cancelled sign-up leaves a gap.
	Seq int
}

// Match is a sign-up stored before that a candidate matches.
type Match struct {
	Status   Status
	Position int // on the waiting list, 1 first; 0 when not waiting
}

// Candidate is one sign-up form as it arrived, with what is stored already
// that concerns her.
type Candidate struct {
	Key   string // the form's idempotency key
	Phone string // her number as the form gave it, normalised; "" when none
	// SameKey is the sign-up made before with her idempotency key: she
	// sent the same form again (a double tap, a reload).
	SameKey *Match
	// SamePhone is an active sign-up of this activity with her number.
	SamePhone *Match
}

// Verdict is what happens to one candidate.
type Verdict int

// Verdicts.
const (
	// Placed: a new sign-up, with a place or on the waiting list.
	Placed Verdict = iota + 1
	// Repeated: the form was sent before; she is shown that sign-up and
	// nothing new is stored.
	Repeated
	// AlreadySignedUp: her number holds a place or waits for one already;
	// she is told that sign-up's reference and nothing is stored.
	AlreadySignedUp
	// Closed: the activity takes no sign-ups.
	Closed
)

// Outcome is one candidate's verdict.
type Outcome struct {
	Verdict Verdict
	// Status is her new sign-up's status (Placed), the earlier sign-up's
	// (Repeated, AlreadySignedUp), or empty (Closed).
	Status Status
	// Seq is a placed sign-up's arrival number.
	Seq int
	// Position is her number on the waiting list (1 first), or 0.
	Position int
	// Of says which earlier sign-up a Repeated or AlreadySignedUp outcome
	// is about: the index in the batch of the candidate placed earlier in
	// it, or -1 for the stored one in Candidate.SameKey or SamePhone.
	Of int
	// Counts are the activity's counts just after her.
	Counts Counts
}

// DecideSignups decides a batch of candidates that arrived together for
// one activity, in arrival order, exactly as if each had arrived alone
// after the one before her was stored. A form sent again gets its first
// sign-up back, even once the activity is closed; a number holding an
// active sign-up is told so; everyone else gets the next arrival number
// and a place while places are left, the waiting list after. It returns
// one outcome per candidate and the roster after the batch.
func DecideSignups(r Roster, cs []Candidate) ([]Outcome, Roster) {
	outs := make([]Outcome, len(cs))
	byKey := make(map[string]int, len(cs))   // placed in this batch, by form
	byPhone := make(map[string]int, len(cs)) // placed in this batch, by number
	for i, c := range cs {
		o := Outcome{Of: -1}
		switch {
		case c.SameKey != nil:
			o.Verdict, o.Status, o.Position = Repeated, c.SameKey.Status, c.SameKey.Position
		case has(byKey, c.Key):
			j := byKey[c.Key]
			o.Verdict, o.Status, o.Position, o.Of = Repeated, outs[j].Status, outs[j].Position, j
		case !r.Open:
			o.Verdict = Closed
		case c.SamePhone != nil:
			o.Verdict, o.Status = AlreadySignedUp, c.SamePhone.Status
		case c.Phone != "" && has(byPhone, c.Phone):
			j := byPhone[c.Phone]
			o.Verdict, o.Status, o.Of = AlreadySignedUp, outs[j].Status, j
		default:
			r.Seq++
			o.Verdict, o.Seq, o.Status = Placed, r.Seq, Place(r.Capacity, r.Counts.Confirmed+r.Offered)
			if o.Status == StatusConfirmed {
				r.Counts.Confirmed++
			} else {
				r.Counts.Waitlisted++
				o.Position = r.Counts.Waitlisted // everyone waiting arrived before her
			}
			byKey[c.Key] = i
			if c.Phone != "" {
				byPhone[c.Phone] = i
			}
		}
		o.Counts = r.Counts
		outs[i] = o
	}
	return outs, r
}

func has(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}
