package domain

import (
	"strings"
	"unicode/utf8"
)

// Error codes of staff changes to a sign-up; message ids in locales/staff.*.
const (
	ErrCodeStatusUnknown  = "staff.error.status_unknown"
	ErrCodeStatusSame     = "staff.error.status_same"
	ErrCodeReasonRequired = "staff.error.reason_required"
	ErrCodeReasonLong     = "staff.error.reason_long"
	ErrCodeStaffCPR       = "staff.error.cpr"
	ErrCodeStaffPhone     = "staff.error.reason.phone"
	ErrCodeNoteLong       = "staff.error.note_long"
	ErrCodeNotConfirmed   = "staff.error.not_confirmed"
)

// Length bounds of what staff write about a sign-up.
const (
	MaxReasonLen = 500
	MaxNoteLen   = 1000
)

// Statuses lists the statuses in the order staff pick from them.
var Statuses = []Status{StatusConfirmed, StatusWaitlisted, StatusCancelled, StatusNoShow}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if s == x {
			return true
		}
	}
	return false
}

// CheckStatusChange decides whether staff may move a sign-up from one
// status to another, given the activity's capacity and how many hold a
// place now. Taking someone off the waiting list by hand jumps the queue
// (the first in line is promoted by itself), and confirming beyond
// capacity overbooks: both need a reason, which goes into the audit log.
// A reason is free text kept (sealed) until the person is erased, so a
// CPR number or a phone number is refused.
func CheckStatusChange(from, to Status, capacity *int, confirmed int, reason string) *RuleError {
	reason = strings.TrimSpace(reason)
	switch {
	case !to.Valid():
		return &RuleError{Field: "status", Code: ErrCodeStatusUnknown}
	case from == to:
		return &RuleError{Field: "status", Code: ErrCodeStatusSame}
	case utf8.RuneCountInString(reason) > MaxReasonLen || !utf8.ValidString(reason):
		return &RuleError{Field: "reason", Code: ErrCodeReasonLong}
	case LooksLikeCPR(reason):
		return &RuleError{Field: "reason", Code: ErrCodeStaffCPR}
	case LooksLikePhone(reason):
		return &RuleError{Field: "reason", Code: ErrCodeStaffPhone}
	case to == StatusConfirmed && NeedsReason(from, capacity, confirmed) && reason == "":
		return &RuleError{Field: "reason", Code: ErrCodeReasonRequired}
	}
	return nil
}

// NeedsReason reports whether confirming a sign-up now in status from
// needs a written reason.
func NeedsReason(from Status, capacity *int, confirmed int) bool {
	return from == StatusWaitlisted || Place(capacity, confirmed) != StatusConfirmed
}

// FreesPlace reports whether a change gives up a confirmed place, so the
// first on the waiting list should get it. Moving someone back onto the
// waiting list does not: staff chose that on purpose, and promoting would
// hand the place straight back.
func FreesPlace(from, to Status) bool {
	return from == StatusConfirmed && (to == StatusCancelled || to == StatusNoShow)
}

// CheckNote checks staff's note on a sign-up. Notes are for practical
// things (needs an interpreter, brings a pram); the plan must not hold CPR
// numbers, so one is refused with an explanation.
func CheckNote(note string) *RuleError {
	switch {
	case !utf8.ValidString(note) || utf8.RuneCountInString(note) > MaxNoteLen:
		return &RuleError{Field: "note", Code: ErrCodeNoteLong}
	case LooksLikeCPR(note):
		return &RuleError{Field: "note", Code: ErrCodeStaffCPR}
	}
	return nil
}

// CanMarkPresent reports whether a sign-up may be marked present at a
// session: only people holding a place are on the roll.
func CanMarkPresent(s Status) bool { return s == StatusConfirmed }
