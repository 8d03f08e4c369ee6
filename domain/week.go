package domain

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ErrWeek means a week was not written as an ISO week such as 2026-W48,
// or names a week its year does not have.
var ErrWeek = errors.New("domain: not an ISO week such as 2026-W48")

// Week is an ISO 8601 week: Monday to Sunday, numbered within its ISO year
// (which near New Year may differ from the calendar year of some days).
// The plan reports week by week, and Danes name weeks by these numbers.
type Week struct {
	Year int
	Num  int
}

var weekPattern = regexp.MustCompile(`^(\d{4})-?[Ww](\d{1,2})$`)

// ParseWeek reads a week written as 2026-W48 (also 2026W48 or 2026-w48).
func ParseWeek(s string) (Week, error) {
	m := weekPattern.FindStringSubmatch(s)
	if m == nil {
		return Week{}, fmt.Errorf("%w: %q", ErrWeek, s)
	}
	y, _ := strconv.Atoi(m[1])
	n, _ := strconv.Atoi(m[2])
	w := Week{Year: y, Num: n}
	if !w.Valid() {
		return Week{}, fmt.Errorf("%w: %d has no week %d", ErrWeek, y, n)
	}
	return w, nil
}

// String writes the week the way ParseWeek reads it, e.g. 2026-W48.
func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Num) }

// Valid reports whether the week exists: 52 or 53 in a year.
func (w Week) Valid() bool { return w.Num >= 1 && w.Num <= weeksIn(w.Year) }

// weeksIn is 53 for years whose 28 December falls in week 53, else 52.
func weeksIn(year int) int {
	_, n := time.Date(year, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return n
}

// WeekOf is the week a moment falls in, on the calendar of loc.
func WeekOf(t time.Time, loc *time.Location) Week {
	y, n := t.In(loc).ISOWeek()
	return Week{Year: y, Num: n}
}

// Monday is the week's first day as a calendar date (midnight UTC), the
// Monday of the week that holds 4 January for week 1.
func (w Week) Monday() time.Time {
	jan4 := time.Date(w.Year, 1, 4, 0, 0, 0, 0, time.UTC)
	first := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return first.AddDate(0, 0, 7*(w.Num-1))
}

// Bounds are the week's first moment (Monday 00:00 in loc) and the first
// moment after it (the next Monday 00:00). They are built from calendar
// dates, not by adding 168 hours, so the week in which summer time starts
// is 167 hours long and the week in which it ends is 169.
func (w Week) Bounds(loc *time.Location) (start, end time.Time) {
	m := w.Monday()
	start = time.Date(m.Year(), m.Month(), m.Day(), 0, 0, 0, 0, loc)
	end = time.Date(m.Year(), m.Month(), m.Day()+7, 0, 0, 0, 0, loc)
	return start, end
}

// Sunday is the week's last day as a calendar date.
func (w Week) Sunday() time.Time { return w.Monday().AddDate(0, 0, 6) }

// Next is the week after.
func (w Week) Next() Week { return weekOfDate(w.Monday().AddDate(0, 0, 7)) }

// Prev is the week before.
func (w Week) Prev() Week { return weekOfDate(w.Monday().AddDate(0, 0, -7)) }

func weekOfDate(d time.Time) Week {
	y, n := d.ISOWeek()
	return Week{Year: y, Num: n}
}

// Before reports whether w comes before v.
func (w Week) Before(v Week) bool {
	return w.Year < v.Year || (w.Year == v.Year && w.Num < v.Num)
}

// LastCompleted is the latest week that has ended by now: the week before
// the one now falls in.
func LastCompleted(now time.Time, loc *time.Location) Week { return WeekOf(now, loc).Prev() }

// Completed reports whether the week has ended by now; summaries are made
// of whole weeks only, so their numbers do not move while people read them.
func (w Week) Completed(now time.Time, loc *time.Location) bool {
	_, end := w.Bounds(loc)
	return !now.Before(end)
}

var weekNumberPattern = regexp.MustCompile(`^(?i:(?:uge|week|w)\s*)?(\d{1,2})$`)

// ResolveWeek reads a week a person typed: empty for the last completed
// week, a number such as 48 (or "uge 48") for the latest completed week
// with that number, or a full ISO week such as 2026-W48. A week that has
// not ended by now is refused with ErrWeekNotOver.
func ResolveWeek(s string, now time.Time, loc *time.Location) (Week, error) {
	s = strings.TrimSpace(s)
	last := LastCompleted(now, loc)
	if s == "" {
		return last, nil
	}
	w, err := ParseWeek(s)
	if m := weekNumberPattern.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		w, err = Week{Year: last.Year, Num: n}, nil
		if n > last.Num {
			w.Year--
		}
		if !w.Valid() {
			return Week{}, fmt.Errorf("%w: %q", ErrWeek, s)
		}
	}
	if err != nil {
		return Week{}, err
	}
	if !w.Completed(now, loc) {
		return Week{}, fmt.Errorf("%w: %s", ErrWeekNotOver, w)
	}
	return w, nil
}

// ErrWeekNotOver means a summary was asked for a week that has not ended.
var ErrWeekNotOver = errors.New("domain: that week is not over yet")
