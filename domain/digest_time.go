package domain

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrDigestTime means a digest time was not written as a weekday and a
// clock time, such as MON 08:00.
var ErrDigestTime = errors.New(`domain: not a weekday and time such as "MON 08:00"`)

// DigestTime is when the weekly summary of the week just ended goes out:
// a weekday and a wall-clock time in Copenhagen.
type DigestTime struct {
	Weekday time.Weekday
	Hour    int
	Minute  int
}

// DefaultDigestTime is Monday 08:00, when staff start the week.
var DefaultDigestTime = DigestTime{Weekday: time.Monday, Hour: 8}

// LateAfter is how long after its time a summary may go out and still be
// on time; later than this (the service was down), it says it is late.
// Its job is looked for every few seconds, and a busy queue may hold it
// a few minutes, which is normal.
const LateAfter = 15 * time.Minute

var weekdayNames = map[string]time.Weekday{
	"MON": time.Monday, "TUE": time.Tuesday, "WED": time.Wednesday, "THU": time.Thursday,
	"FRI": time.Friday, "SAT": time.Saturday, "SUN": time.Sunday,
	"MAN": time.Monday, "TIR": time.Tuesday, "ONS": time.Wednesday, "TOR": time.Thursday,
	"FRE": time.Friday, "LØR": time.Saturday, "SØN": time.Sunday,
}

// ParseDigestTime reads a weekday (English or Danish, three letters) and
// a 24-hour time: "MON 08:00", "man 8:30".
func ParseDigestTime(s string) (DigestTime, error) {
	day, clock, ok := strings.Cut(strings.TrimSpace(s), " ")
	wd, known := weekdayNames[strings.ToUpper(day)]
	if !ok || !known {
		return DigestTime{}, fmt.Errorf("%w: %q", ErrDigestTime, s)
	}
	t, err := time.Parse("15:04", strings.TrimSpace(clock))
	if err != nil {
		if t, err = time.Parse("3:04", strings.TrimSpace(clock)); err != nil {
			return DigestTime{}, fmt.Errorf("%w: %q", ErrDigestTime, s)
		}
	}
	return DigestTime{Weekday: wd, Hour: t.Hour(), Minute: t.Minute()}, nil
}

// String writes the time the way ParseDigestTime reads it.
func (d DigestTime) String() string {
	return fmt.Sprintf("%s %02d:%02d", strings.ToUpper(d.Weekday.String()[:3]), d.Hour, d.Minute)
}

// DueAt is when the summary of week w goes out: the first d.Weekday at
// d.Hour:d.Minute on the Copenhagen calendar after the week has ended.
// It is a wall-clock time, so Monday 08:00 stays 08:00 across the changes
// to and from summer time.
func (d DigestTime) DueAt(w Week, loc *time.Location) time.Time {
	next := w.Next().Monday()
	days := (int(d.Weekday) - int(time.Monday) + 7) % 7
	return time.Date(next.Year(), next.Month(), next.Day()+days, d.Hour, d.Minute, 0, 0, loc)
}

// DueWeek is the latest week whose summary is due by now, and when it was
// due. Until the next one falls due, this is the week to post, so a
// service that was down at the due time posts it when it comes back.
func (d DigestTime) DueWeek(now time.Time, loc *time.Location) (Week, time.Time) {
	w := LastCompleted(now, loc)
	if due := d.DueAt(w, loc); !now.Before(due) {
		return w, due
	}
	w = w.Prev()
	return w, d.DueAt(w, loc)
}

// Late reports whether a summary sent at now, due at due, is late enough
// to say so.
func Late(now, due time.Time) bool { return now.Sub(due) > LateAfter }
