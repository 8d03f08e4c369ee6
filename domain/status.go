package domain

// Status is where a sign-up stands.
type Status string

// Sign-up statuses.
const (
	StatusConfirmed  Status = "confirmed"
	StatusWaitlisted Status = "waitlisted"
	StatusCancelled  Status = "cancelled"
	StatusNoShow     Status = "no_show"
)

// Active reports whether the sign-up still holds or waits for a place.
func (s Status) Active() bool { return s == StatusConfirmed || s == StatusWaitlisted }

// Place decides a new sign-up's status: a place while the confirmed count is
// below capacity (or there is no capacity), otherwise the waiting list.
// The caller must hold the activity's lock so confirmed cannot change meanwhile.
func Place(capacity *int, confirmed int) Status {
	if capacity == nil || confirmed < *capacity {
		return StatusConfirmed
	}
	return StatusWaitlisted
}

// FreePlaces is how many waitlisted people can be promoted now.
func FreePlaces(capacity *int, confirmed, waitlisted int) int {
	if capacity == nil {
		return waitlisted
	}
	free := *capacity - confirmed
	if free < 0 {
		return 0
	}
	return min(free, waitlisted)
}
