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
