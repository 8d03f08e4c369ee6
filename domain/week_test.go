package domain

import (
	"errors"
	"testing"
	"time"
)

func copenhagen(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseWeekReadsISOWeeksAndRefusesOthers(t *testing.T) {
	cases := []struct {
		in   string
		want Week
		ok   bool
	}{
		{"2026-W48", Week{2026, 48}, true},
		{"2026W48", Week{2026, 48}, true},
		{"2026-w01", Week{2026, 1}, true},
		{"2026-W1", Week{2026, 1}, true},
		{"2026-W53", Week{2026, 53}, true}, // 2026 has 53 weeks (it starts on a Thursday)
		{"2025-W53", Week{}, false},        // 2025 has 52
		{"2026-W00", Week{}, false},
		{"2026-48", Week{}, false},
		{"uge 48", Week{}, false},
		{"", Week{}, false},
	}
	for _, c := range cases {
		got, err := ParseWeek(c.in)
		if c.ok != (err == nil) || got != c.want {
			t.Errorf("ParseWeek(%q) = %v, %v; want %v ok=%v", c.in, got, err, c.want, c.ok)
		}
		if err != nil && !errors.Is(err, ErrWeek) {
			t.Errorf("ParseWeek(%q) error %v is not ErrWeek", c.in, err)
		}
		if err == nil {
			if back, _ := ParseWeek(got.String()); back != got || len(got.String()) != len("2026-W48") {
				t.Errorf("%v.String() = %q does not read back", got, got.String())
			}
		}
	}
}

func TestWeekMondayAndNeighboursAcrossNewYear(t *testing.T) {
	cases := []struct {
		week       Week
		monday     string
		prev, next Week
	}{
		{Week{2026, 48}, "2026-11-23", Week{2026, 47}, Week{2026, 49}},
		{Week{2026, 1}, "2025-12-29", Week{2025, 52}, Week{2026, 2}},
		{Week{2026, 53}, "2026-12-28", Week{2026, 52}, Week{2027, 1}},
		{Week{2027, 1}, "2027-01-04", Week{2026, 53}, Week{2027, 2}},
		{Week{2020, 53}, "2020-12-28", Week{2020, 52}, Week{2021, 1}},
	}
	for _, c := range cases {
		if got := c.week.Monday().Format(time.DateOnly); got != c.monday {
			t.Errorf("%v starts %s, want %s", c.week, got, c.monday)
		}
		if c.week.Prev() != c.prev || c.week.Next() != c.next {
			t.Errorf("%v: prev %v next %v, want %v %v", c.week, c.week.Prev(), c.week.Next(), c.prev, c.next)
		}
	}
}

// TestWeekBoundsFollowTheCopenhagenCalendarAcrossSummerTime checks the two
// weeks with a change of clock in 2026: the week holding the last Sunday
// of March loses an hour, the one holding the last Sunday of October
// gains one. Both still run from Monday 00:00 to Monday 00:00 local time.
func TestWeekBoundsFollowTheCopenhagenCalendarAcrossSummerTime(t *testing.T) {
	loc := copenhagen(t)
	cases := []struct {
		week       Week
		hours      float64
		start, end string // UTC
	}{
		{Week{2026, 12}, 168, "2026-03-15T23:00:00Z", "2026-03-22T23:00:00Z"},
		{Week{2026, 13}, 167, "2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z"}, // Sunday 29 March
		{Week{2026, 14}, 168, "2026-03-29T22:00:00Z", "2026-04-05T22:00:00Z"},
		{Week{2026, 43}, 169, "2026-10-18T22:00:00Z", "2026-10-25T23:00:00Z"}, // Sunday 25 October
		{Week{2026, 48}, 168, "2026-11-22T23:00:00Z", "2026-11-29T23:00:00Z"},
	}
	for _, c := range cases {
		start, end := c.week.Bounds(loc)
		if got := end.Sub(start).Hours(); got != c.hours {
			t.Errorf("%v is %v hours, want %v", c.week, got, c.hours)
		}
		if start.UTC().Format(time.RFC3339) != c.start || end.UTC().Format(time.RFC3339) != c.end {
			t.Errorf("%v runs %s to %s, want %s to %s", c.week, start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339), c.start, c.end)
		}
		if WeekOf(start, loc) != c.week || WeekOf(end.Add(-time.Nanosecond), loc) != c.week || WeekOf(end, loc) != c.week.Next() {
			t.Errorf("%v: its own bounds fall in other weeks", c.week)
		}
	}
}

func TestAWeekIsCompletedAtMidnightBetweenSundayAndMonday(t *testing.T) {
	loc := copenhagen(t)
	w := Week{2026, 48}
	_, end := w.Bounds(loc)
	if w.Completed(end.Add(-time.Second), loc) || !w.Completed(end, loc) {
		t.Fatal("week 48 must end exactly at Monday 30 November 00:00 in Copenhagen")
	}
	if got := LastCompleted(end.Add(time.Hour), loc); got != w {
		t.Fatalf("LastCompleted on Monday = %v", got)
	}
}

func TestResolveWeekReadsWhatPeopleType(t *testing.T) {
	loc := copenhagen(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, loc) // Friday of week 48
	cases := []struct {
		in   string
		want Week
		err  error
	}{
		{"", Week{2026, 47}, nil},
		{"47", Week{2026, 47}, nil},
		{"uge 12", Week{2026, 12}, nil},
		{"Uge12", Week{2026, 12}, nil},
		{"w3", Week{2026, 3}, nil},
		{"48", Week{2025, 48}, nil}, // this year's 48 is not over: last year's
		{"52", Week{2025, 52}, nil},
		{"53", Week{}, ErrWeek}, // 2025 had no week 53
		{"2026-W47", Week{2026, 47}, nil},
		{"2026-W48", Week{}, ErrWeekNotOver},
		{"2027-W01", Week{}, ErrWeekNotOver},
		{"forrige", Week{}, ErrWeek},
	}
	for _, c := range cases {
		got, err := ResolveWeek(c.in, now, loc)
		if got != c.want || !errors.Is(err, c.err) || (c.err == nil) != (err == nil) {
			t.Errorf("ResolveWeek(%q) = %v, %v; want %v, %v", c.in, got, err, c.want, c.err)
		}
	}
}
