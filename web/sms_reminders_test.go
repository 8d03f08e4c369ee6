package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/sms/smstest"
)

// Her reminder for a session on the Sunday after summer time ends, at
// 23:30, is due Saturday 23:30 (the day before), in the quiet hours: it is
// queued for 08:00 on Sunday, which is 07:00 UTC in winter time.
func TestReminderDueInTheNightSummerTimeEndsGoesAtEight(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	if err := s.st.SetSMSEnabled(ctx, true); err != nil {
		t.Fatal(err)
	}
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	signUpAs(t, s, "da", "22334455")
	start := time.Date(2025, 10, 26, 23, 30, 0, 0, cph)
	if _, err := s.st.DB().Exec(`INSERT INTO activity_sessions (activity_id, starts_at, minutes)
		SELECT id, $1, 60 FROM activities WHERE slug = 'mamamove'`, start); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 10, 25, 12, 0, 0, 0, cph)
	for range 2 { // two instances, or two ticks: queued once
		if _, err := s.st.QueueReminders(ctx, now, 48*time.Hour, cph); err != nil {
			t.Fatal(err)
		}
	}
	var runAts []time.Time
	if err := s.st.DB().Select(&runAts, `SELECT run_at FROM outbox WHERE kind = 'reminder'`); err != nil {
		t.Fatal(err)
	}
	if len(runAts) != 1 || !runAts[0].Equal(time.Date(2025, 10, 26, 7, 0, 0, 0, time.UTC)) {
		t.Fatalf("reminders queued for %v, want one at 08:00 Copenhagen (07:00 UTC) on 26 October", runAts)
	}
}

func TestReminderGoesWithTheCancelLinkAndNotAfterCancelling(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	if err := s.st.SetSMSEnabled(ctx, true); err != nil {
		t.Fatal(err)
	}
	gw := smstest.New(t)
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	signUpAs(t, s, "en", "22334455")
	refB := signUpAs(t, s, "da", "22334466")
	// A session tomorrow at 14:00: the reminder is due about now.
	start := time.Now().Add(24*time.Hour - time.Minute)
	if _, err := s.st.DB().Exec(`INSERT INTO activity_sessions (activity_id, starts_at, minutes)
		SELECT id, $1, 60 FROM activities WHERE slug = 'mamamove'`, start); err != nil {
		t.Fatal(err)
	}
	if _, err := s.st.QueueReminders(ctx, time.Now(), 48*time.Hour, cph); err != nil {
		t.Fatal(err)
	}
	// She cancels before it is due: her reminder does not go.
	token := cancelTokenOf(t, s, refB)
	if res := s.post("/afmeld/"+token, nil); res.StatusCode != http.StatusOK {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	// Past quiet hours if need be: step the worker at the reminder's time.
	var runAt time.Time
	s.st.DB().Get(&runAt, `SELECT max(run_at) FROM outbox WHERE kind = 'reminder'`)
	// Outside quiet hours the reminder is due a minute before now, behind
	// her confirmation queued just now: step the worker past both.
	if now := time.Now(); runAt.Before(now) {
		runAt = now
	}
	sendSMSAt(t, s, gw, runAt.Add(time.Second))
	var reminders []string
	for _, m := range gw.Messages() {
		if strings.Contains(m.Text, "Reminder") || strings.Contains(m.Text, "Husk") {
			reminders = append(reminders, m.To+": "+m.Text)
		}
	}
	if len(reminders) != 1 || !strings.HasPrefix(reminders[0], "+4522334455") || !strings.Contains(reminders[0], "Cancel: tilmeld.example.dk/m/") {
		t.Fatalf("reminders sent: %q; want one, in English, with the cancel link, to the one still signed up", reminders)
	}
}

func TestAPlaceFromTheWaitingListIsOfferedBySMS(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	if err := s.st.SetSMSEnabled(ctx, true); err != nil {
		t.Fatal(err)
	}
	gw := smstest.New(t)
	if _, err := s.st.DB().Exec(`UPDATE activities SET capacity = 1 WHERE slug = 'mamamove'`); err != nil {
		t.Fatal(err)
	}
	refA := signUpAs(t, s, "da", "22334455")
	signUpAs(t, s, "tr", "22334466")
	sendSMS(t, s, gw) // the confirmations go within seconds
	token := cancelTokenOf(t, s, refA)
	if res := s.post("/afmeld/"+token, nil); res.StatusCode != http.StatusOK {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	sendSMS(t, s, gw)
	got := gw.To("+4522334466")
	if len(got) != 2 || !strings.Contains(got[0].Text, "bekleme listesi") || !strings.Contains(got[1].Text, "bir yer sizin") {
		t.Fatalf("the one on the waiting list got %+v; want the waiting-list SMS, then the offer, in Turkish", got)
	}
}
