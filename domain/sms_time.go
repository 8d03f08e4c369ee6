package domain

import "time"

// Quiet hours: no SMS goes to a resident between 21:00 and 08:00 on the
// plan's wall clock.
const (
	QuietFrom = 21 // hour
	QuietTo   = 8  // hour
)

// ReminderLead is how long before a session its reminder is due.
type ReminderLead string

// The reminder settings an activity may have.
const (
	ReminderOff       ReminderLead = "off"
	ReminderDayBefore ReminderLead = "day_before"
	ReminderTwoHours  ReminderLead = "two_hours"
)

// Before is the moment a reminder for a session starting at start is due,
// or false when reminders are off. "The day before" is the same wall-clock
// time a calendar day earlier, so a DST change between does not shift it.
func (l ReminderLead) Before(start time.Time, loc *time.Location) (time.Time, bool) {
	switch l {
	case ReminderDayBefore:
		s := start.In(loc)
		return time.Date(s.Year(), s.Month(), s.Day()-1, s.Hour(), s.Minute(), s.Second(), 0, loc), true
	case ReminderTwoHours:
		return start.Add(-2 * time.Hour), true
	}
	return time.Time{}, false
}

// OutsideQuietHours returns t, or, when t falls in the quiet hours, the
// next 08:00 on the wall clock of loc. The 08:00 is found on the calendar,
// not by adding hours, so the night the clocks change it is still 08:00.
func OutsideQuietHours(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	switch {
	case l.Hour() >= QuietFrom:
		return time.Date(l.Year(), l.Month(), l.Day()+1, QuietTo, 0, 0, 0, loc)
	case l.Hour() < QuietTo:
		return time.Date(l.Year(), l.Month(), l.Day(), QuietTo, 0, 0, 0, loc)
	}
	return t
}

// ReminderLeads are the reminder settings, in the order staff choose from.
var ReminderLeads = []ReminderLead{ReminderOff, ReminderDayBefore, ReminderTwoHours}

// Valid reports whether l is one of ReminderLeads.
func (l ReminderLead) Valid() bool {
	return l == ReminderOff || l == ReminderDayBefore || l == ReminderTwoHours
}
