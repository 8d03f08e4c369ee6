package domain

import (
	"testing"
	"time"
)

func TestParseDigestTime(t *testing.T) {
	cases := []struct {
		in   string
		want DigestTime
		ok   bool
	}{
		{"MON 08:00", DigestTime{time.Monday, 8, 0}, true},
		{"mon 8:30", DigestTime{time.Monday, 8, 30}, true},
		{"tir 07:15", DigestTime{time.Tuesday, 7, 15}, true},
		{"SØN 20:00", DigestTime{time.Sunday, 20, 0}, true},
		{"MONDAY 08:00", DigestTime{}, false},
		{"MON 25:00", DigestTime{}, false},
		{"08:00", DigestTime{}, false},
		{"", DigestTime{}, false},
	}
	for _, c := range cases {
		got, err := ParseDigestTime(c.in)
		if c.ok != (err == nil) || got != c.want {
			t.Errorf("ParseDigestTime(%q) = %v, %v; want %v ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
	if s := (DigestTime{time.Monday, 8, 0}).String(); s != "MON 08:00" {
		t.Errorf("String() = %q", s)
	}
}

// TestDigestIsDueMondayAtEightCopenhagenTimeAllYear: 08:00 on the wall
// clock is 07:00 UTC in winter and 06:00 UTC in summer, including the
// Mondays right after each change of clock.
func TestDigestIsDueMondayAtEightCopenhagenTimeAllYear(t *testing.T) {
	loc := copenhagen(t)
	cases := []struct {
		week Week
		due  string // UTC
	}{
		{Week{2026, 12}, "2026-03-23T07:00:00Z"}, // winter
		{Week{2026, 13}, "2026-03-30T06:00:00Z"}, // summer time began Sunday 29 March
		{Week{2026, 42}, "2026-10-19T06:00:00Z"}, // summer
		{Week{2026, 43}, "2026-10-26T07:00:00Z"}, // summer time ended Sunday 25 October
		{Week{2026, 48}, "2026-11-30T07:00:00Z"},
		{Week{2026, 53}, "2027-01-04T07:00:00Z"},
	}
	for _, c := range cases {
		if got := DefaultDigestTime.DueAt(c.week, loc).UTC().Format(time.RFC3339); got != c.due {
			t.Errorf("summary of %v due %s, want %s", c.week, got, c.due)
		}
	}
	tue := DigestTime{time.Tuesday, 7, 30}
	if got := tue.DueAt(Week{2026, 48}, loc).Format("Mon 2006-01-02 15:04"); got != "Tue 2026-12-01 07:30" {
		t.Errorf("TUE 07:30 due %s", got)
	}
}

func TestDueWeekIsTheLatestWeekWhoseTimeHasCome(t *testing.T) {
	loc := copenhagen(t)
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	cases := []struct {
		now  string
		week Week
		late bool
	}{
		{"2026-11-30 07:59", Week{2026, 47}, true}, // 48's time has not come; 47's came a week ago
		{"2026-11-30 08:00", Week{2026, 48}, false},
		{"2026-11-30 08:14", Week{2026, 48}, false},
		{"2026-11-30 08:16", Week{2026, 48}, true},
		{"2026-12-03 12:00", Week{2026, 48}, true}, // down since Monday: still week 48, late
		{"2026-03-30 07:59", Week{2026, 12}, true}, // the Monday after the change to summer time
		{"2026-03-30 08:00", Week{2026, 13}, false},
		{"2026-10-26 08:00", Week{2026, 43}, false},
	}
	for _, c := range cases {
		now := at(c.now)
		w, due := DefaultDigestTime.DueWeek(now, loc)
		if w != c.week || Late(now, due) != c.late {
			t.Errorf("at %s: week %v due %s late %v; want %v late %v", c.now, w, due.In(loc).Format(time.DateTime), Late(now, due), c.week, c.late)
		}
	}
}
