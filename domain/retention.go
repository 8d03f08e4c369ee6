package domain

import "time"

// Retention: a person's name, phone number, answers and notes are kept
// only as long as the plan needs them to run an activity, then erased,
// leaving anonymous rows that summaries still count.
const (
	// DefaultRetentionDays is how long after an activity ends its
	// personal data is kept when nothing else is set.
	DefaultRetentionDays = 365
	// MaxRetentionDays is the longest any setting may keep it: the
	// consent text promises deletion at the latest a year after the
	// activity ends.
	MaxRetentionDays = 365
)

// ValidRetention reports whether days is a retention period the consent
// text allows.
func ValidRetention(days int) bool { return days >= 1 && days <= MaxRetentionDays }

// Retention is this activity's retention period in days, given the
// service's default.
func (a Activity) Retention(defaultDays int) int {
	if a.RetentionDays != nil {
		return *a.RetentionDays
	}
	return defaultDays
}

// EndOf is when an activity is over: the end of its last session, or the
// end of its start day when it has no sessions; zero when neither is
// known, and such an activity never expires by itself.
func EndOf(startsOn, lastSessionEnd time.Time) time.Time {
	if !lastSessionEnd.IsZero() {
		return lastSessionEnd
	}
	if startsOn.IsZero() {
		return time.Time{}
	}
	return startsOn.AddDate(0, 0, 1)
}

// ErasureDue reports whether data kept for days after end is due to be
// erased at now.
func ErasureDue(end time.Time, days int, now time.Time) bool {
	return !end.IsZero() && !now.Before(end.AddDate(0, 0, days))
}

// ReferralEnd is when a referral stops being in use: for an activity, its
// end or the referral's last change, whichever is later (a referral still
// moving is still needed); for a counselling offer, the last change.
func ReferralEnd(activityEnd, statusAt time.Time) time.Time {
	if activityEnd.After(statusAt) {
		return activityEnd
	}
	return statusAt
}
