package staff_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// Staff choose on the activity's page when residents are reminded, and
// the reminders queued follow: none when off, two hours before when so.
func TestStaffChoosingTheReminderChangesWhatIsQueued(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	ctx := context.Background()
	if err := s.st.SetSMSEnabled(ctx, true); err != nil {
		t.Fatal(err)
	}
	s.account("paamind@example.dk", domain.RoleStaff)
	s.residentSignsUp("Testperson Påmind", "22 33 44 07")
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	start := time.Date(2030, 3, 12, 14, 0, 0, 0, cph)
	if _, err := s.st.DB().Exec(`INSERT INTO activity_sessions (activity_id, starts_at, minutes)
		SELECT id, $1, 60 FROM activities WHERE slug = 'mamamove'`, start); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2030, 3, 11, 9, 0, 0, 0, cph)
	queued := func() []time.Time {
		t.Helper()
		if _, err := s.st.QueueReminders(ctx, now, 48*time.Hour, cph); err != nil {
			t.Fatal(err)
		}
		var runAts []time.Time
		if err := s.st.DB().Select(&runAts, `SELECT run_at FROM outbox WHERE kind = 'reminder' ORDER BY id`); err != nil {
			t.Fatal(err)
		}
		return runAts
	}
	if got := queued(); len(got) != 1 || !got[0].Equal(start.AddDate(0, 0, -1)) {
		t.Fatalf("by default: reminders at %v, want one the day before at 14:00", got)
	}

	b := s.loggedIn("paamind@example.dk")
	action := "/staff/activities/" + strconv.FormatInt(s.activity("mamamove").ID, 10) + "/edit"
	choose := func(lead string) {
		t.Helper()
		v := formValues(t, b.get(action).body, action)
		v.Set("sms_reminder", lead)
		v.Set("op", "save")
		if res := b.post(action, v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save with reminder %q: %d\n%s", lead, res.StatusCode, res.body)
		}
		if got := formValues(t, b.get(action).body, action).Get("sms_reminder"); got != lead {
			t.Fatalf("the page shows reminder %q after choosing %q", got, lead)
		}
	}
	mustContain(t, "editor", b.get(action).body, "Påmindelse på SMS", ">Ingen påmindelse<", ">Dagen før<", ">To timer før<")
	if v := formValues(t, b.get(action).body, action); v.Get("sms_reminder") != "day_before" {
		t.Fatalf("the page shows reminder %q, want day_before", v.Get("sms_reminder"))
	}
	choose("off")
	if got := queued(); len(got) != 0 {
		t.Fatalf("reminders off: still queued for %v", got)
	}
	choose("two_hours")
	if got := queued(); len(got) != 1 || !got[0].Equal(start.Add(-2*time.Hour)) {
		t.Fatalf("two hours before: reminders at %v, want one at 12:00", got)
	}

	v := formValues(t, b.get(action).body, action)
	v.Set("sms_reminder", "weekly")
	v.Set("op", "save")
	if res := b.post(action, v); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a reminder setting that is none of the choices: %d", res.StatusCode)
	}
}
