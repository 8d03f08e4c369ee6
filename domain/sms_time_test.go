package domain

import (
	"testing"
	"time"
)

func TestSMSNeverGoesInQuietHours(t *testing.T) {
	cph, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, cph) }
	tests := []struct {
		name     string
		due, got time.Time
	}{
		{"daytime stays", at(2026, 3, 10, 14, 5), at(2026, 3, 10, 14, 5)},
		{"20:59 stays", at(2026, 3, 10, 20, 59), at(2026, 3, 10, 20, 59)},
		{"21:00 waits for the morning", at(2026, 3, 10, 21, 0), at(2026, 3, 11, 8, 0)},
		{"after midnight waits until 08:00 that day", at(2026, 3, 11, 2, 30), at(2026, 3, 11, 8, 0)},
		{"08:00 goes", at(2026, 3, 11, 8, 0), at(2026, 3, 11, 8, 0)},
		// The last Saturday of October 2025, the night summer time ends:
		// 23:30 CEST goes at 08:00 CET, nine and a half hours later.
		{"23:30 the night summer time ends", at(2025, 10, 25, 23, 30), time.Date(2025, 10, 26, 7, 0, 0, 0, time.UTC)},
		{"the night summer time ends, 2026", at(2026, 10, 24, 23, 30), time.Date(2026, 10, 25, 7, 0, 0, 0, time.UTC)},
		{"last Saturday of October 2026", at(2026, 10, 31, 23, 30), time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC)},
		{"the night summer time starts", at(2026, 3, 28, 23, 30), time.Date(2026, 3, 29, 6, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := OutsideQuietHours(tt.due, cph); !got.Equal(tt.got) {
			t.Errorf("%s: %v goes at %v, want %v", tt.name, tt.due, got.In(cph), tt.got.In(cph))
		}
	}
	if got := OutsideQuietHours(at(2025, 10, 25, 23, 30), cph); got.Sub(at(2025, 10, 25, 23, 30)) != 9*time.Hour+30*time.Minute {
		t.Errorf("DST night: waits %v, want 9h30m", got.Sub(at(2025, 10, 25, 23, 30)))
	}
}

func TestReminderIsDueTheDayBeforeOnTheWallClock(t *testing.T) {
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	// A session on the Sunday summer time ends, at 10:00 CET: the reminder
	// goes Saturday 10:00 CEST, 25 hours earlier.
	start := time.Date(2025, 10, 26, 10, 0, 0, 0, cph)
	due, ok := ReminderDayBefore.Before(start, cph)
	if !ok || !due.Equal(time.Date(2025, 10, 25, 10, 0, 0, 0, cph)) || start.Sub(due) != 25*time.Hour {
		t.Errorf("day before %v: %v", start, due)
	}
	if due, _ := ReminderTwoHours.Before(start, cph); start.Sub(due) != 2*time.Hour {
		t.Errorf("two hours before: %v", due)
	}
	if _, ok := ReminderOff.Before(start, cph); ok {
		t.Error("off still reminds")
	}
}
