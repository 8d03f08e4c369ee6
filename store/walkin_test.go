package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// TestWalkInAtAFullActivityGetsAPlaceAndIsCounted: two places, both
// taken, one waiting. A walk-in the rule put on the waiting list is
// there in person: she is counted present and holds a confirmed place
// beyond capacity, with the reason in the audit log, and nobody else
// moves.
func TestWalkInAtAFullActivityGetsAPlaceAndIsCounted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "walkin@example.dk", domain.RoleStaff)
	a := newActivity(t, st, "mamamove", ip(2))
	all := signUp(t, st, a, 4) // two places, two waiting
	a.Sessions = sessionsOf(t, st, a.ID)
	walkIn := all[3]
	if walkIn.Status != domain.StatusWaitlisted {
		t.Fatalf("the walk-in was %s, want waitlisted to start from", walkIn.Status)
	}
	by := store.Actor{StaffID: s.ID}
	res, err := st.AttendWalkIn(ctx, store.WalkIn{ActivityID: a.ID, SessionID: a.Sessions[0].ID,
		SignupID: walkIn.ID, Reason: "Walk-in from the roll call", By: by})
	if err != nil {
		t.Fatal(err)
	}
	if res.From != domain.StatusWaitlisted || res.Present != 1 {
		t.Fatalf("result %+v, want from waitlisted and 1 present", res)
	}
	list, err := st.ListSignups(ctx, a.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	status := map[int64]domain.Status{}
	position := map[int64]int{}
	for _, su := range list {
		status[su.ID], position[su.ID] = su.Status, su.Position
	}
	if status[all[0].ID] != domain.StatusConfirmed || status[all[1].ID] != domain.StatusConfirmed {
		t.Errorf("someone was bumped: %v", status)
	}
	if status[walkIn.ID] != domain.StatusConfirmed {
		t.Errorf("the walk-in is %s, want confirmed", status[walkIn.ID])
	}
	if status[all[2].ID] != domain.StatusWaitlisted || position[all[2].ID] != 1 {
		t.Errorf("the one waiting is %s at %d, want still first on the waiting list", status[all[2].ID], position[all[2].ID])
	}
	got, _ := st.ActivityByID(ctx, a.ID)
	if got.Counts.Confirmed != 3 || got.Counts.Waitlisted != 1 {
		t.Errorf("counts %+v, want 3 confirmed (one beyond capacity) and 1 waiting", got.Counts)
	}
	rc, err := st.RollCall(ctx, a.ID, a.Sessions[0].ID)
	if err != nil || rc.Present != 1 {
		t.Fatalf("roll call: %d present, %v", rc.Present, err)
	}
	lines, _ := st.AuditLog(ctx, store.SignupSubject(walkIn.ID), domain.AuditSignupStatus, 10)
	if len(lines) != 1 || lines[0].Detail["reason"] != "Walk-in from the roll call" || lines[0].Detail["from"] != "waitlisted" ||
		lines[0].Detail["walk_in"] != true || lines[0].Detail["over_capacity"] != true || lines[0].StaffID != s.ID {
		t.Fatalf("audit of the override: %+v", lines)
	}
	// Counted again, she is not confirmed twice nor audited again.
	if res, err := st.AttendWalkIn(ctx, store.WalkIn{ActivityID: a.ID, SessionID: a.Sessions[0].ID,
		SignupID: walkIn.ID, Reason: "again", By: by}); err != nil || res.Present != 1 || res.From != domain.StatusConfirmed {
		t.Fatalf("counted twice: %+v, %v", res, err)
	}
	if lines, _ := st.AuditLog(ctx, store.SignupSubject(walkIn.ID), domain.AuditSignupStatus, 10); len(lines) != 1 {
		t.Fatalf("audit lines after counting twice: %d", len(lines))
	}
}

// TestWalkInRefusesACancelledSignupAndAnotherActivity: the roll call
// counts a walk-in only as a fresh or waiting sign-up of its own activity.
func TestWalkInRefusesACancelledSignupAndAnotherActivity(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "walkin2@example.dk", domain.RoleStaff)
	a := newActivity(t, st, "jobaften", nil)
	other := newActivity(t, st, "valgambassador", nil)
	all := signUp(t, st, a, 2)
	a.Sessions, other.Sessions = sessionsOf(t, st, a.ID), sessionsOf(t, st, other.ID)
	by := store.Actor{StaffID: s.ID}
	if _, err := st.ChangeSignupStatus(ctx, store.SignupStatusChange{SignupID: all[1].ID, To: domain.StatusCancelled, By: by}); err != nil {
		t.Fatal(err)
	}
	var rule *domain.RuleError
	if _, err := st.AttendWalkIn(ctx, store.WalkIn{ActivityID: a.ID, SessionID: a.Sessions[0].ID, SignupID: all[1].ID,
		Reason: "walk-in", By: by}); !errors.As(err, &rule) {
		t.Fatalf("a cancelled sign-up counted as a walk-in: %v", err)
	}
	if _, err := st.AttendWalkIn(ctx, store.WalkIn{ActivityID: other.ID, SessionID: other.Sessions[0].ID, SignupID: all[0].ID,
		Reason: "walk-in", By: by}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another activity's sign-up counted: %v", err)
	}
}

// sessionsOf reads an activity's sessions with their ids.
func sessionsOf(t *testing.T, st *store.Store, activityID int64) []domain.Session {
	t.Helper()
	got, err := st.ActivityByID(context.Background(), activityID)
	if err != nil {
		t.Fatal(err)
	}
	return got.Sessions
}
