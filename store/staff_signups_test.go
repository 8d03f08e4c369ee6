package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// signUp makes n sign-ups and returns them in arrival order.
func signUp(t *testing.T, st *store.Store, a domain.Activity, n int) []domain.Signup {
	t.Helper()
	var out []domain.Signup
	for i := range n {
		res, err := st.CreateSignup(context.Background(), signup(a, i))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res.Signup)
	}
	return out
}

func refs(list []store.StaffSignup) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.Reference)
	}
	return out
}

func TestListSignupsFindsByNamePhoneAndReference(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "mamamove", ip(2))
	all := signUp(t, st, a, 3) // Testperson 0..2, phones +4520000000..2
	list, err := st.ListSignups(ctx, a.ID, "")
	if err != nil || len(list) != 3 {
		t.Fatalf("list: %d, %v", len(list), err)
	}
	if list[0].Status != domain.StatusConfirmed || list[2].Status != domain.StatusWaitlisted || list[2].Position != 1 {
		t.Fatalf("order: %+v", list)
	}
	cases := map[string][]string{
		"testperson 1":   {all[1].Reference},
		"TESTPERSON":     refs(list),
		"20 00 00 02":    {all[2].Reference}, // a Danish number typed with spaces
		"+45 2000 0002":  {all[2].Reference},
		"0002":           {all[2].Reference}, // part of the number
		all[0].Reference: {all[0].Reference},
		"  " + all[0].Reference[:3] + " " + all[0].Reference[3:]: {all[0].Reference},
		"%":      nil, // a wildcard is a character, not everything
		"nobody": nil,
	}
	for q, want := range cases {
		got, err := st.ListSignups(ctx, a.ID, q)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(refs(got), want) {
			t.Errorf("search %q: %v, want %v", q, refs(got), want)
		}
	}
}

func TestCancelByStaffPromotesTheFirstWaitlistedAndIsAudited(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "f@example.dk", domain.RoleStaff)
	a := newActivity(t, st, "familieoplevelsesklubben", ip(2))
	all := signUp(t, st, a, 4)
	by := store.Actor{StaffID: s.ID, Addr: "10.0.0.1"}
	res, err := st.ChangeSignupStatus(ctx, store.SignupStatusChange{SignupID: all[0].ID, To: domain.StatusCancelled, By: by})
	if err != nil {
		t.Fatal(err)
	}
	if res.From != domain.StatusConfirmed || res.Signup.Status != domain.StatusCancelled {
		t.Fatalf("result %+v", res)
	}
	if len(res.Promoted) != 1 || res.Promoted[0].ID != all[2].ID {
		t.Fatalf("promoted %+v, want the first waitlisted", res.Promoted)
	}
	lines, err := st.AuditLog(ctx, store.SignupSubject(all[0].ID), "", 10)
	if err != nil || len(lines) != 1 || lines[0].StaffID != s.ID || lines[0].Detail["from"] != "confirmed" || lines[0].Detail["to"] != "cancelled" {
		t.Fatalf("audit of the cancellation: %+v, %v", lines, err)
	}
	if lines, _ := st.AuditLog(ctx, store.SignupSubject(all[2].ID), domain.AuditSignupPromoted, 10); len(lines) != 1 {
		t.Fatalf("the promotion is not audited: %+v", lines)
	}
}

func TestConfirmingFromTheWaitingListNeedsAReason(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "g@example.dk", domain.RoleStaff)
	a := newActivity(t, st, "valgambassador", ip(1))
	all := signUp(t, st, a, 2)
	by := store.Actor{StaffID: s.ID}
	_, err := st.ChangeSignupStatus(ctx, store.SignupStatusChange{SignupID: all[1].ID, To: domain.StatusConfirmed, By: by})
	var rule *domain.RuleError
	if !errors.As(err, &rule) || rule.Code != domain.ErrCodeReasonRequired {
		t.Fatalf("confirm beyond capacity without a reason: %v", err)
	}
	res, err := st.ChangeSignupStatus(ctx, store.SignupStatusChange{SignupID: all[1].ID, To: domain.StatusConfirmed,
		Reason: "The trainer has room for one more", By: by})
	if err != nil || res.Signup.Status != domain.StatusConfirmed {
		t.Fatalf("confirm with a reason: %+v, %v", res, err)
	}
	lines, _ := st.AuditLog(ctx, store.SignupSubject(all[1].ID), domain.AuditSignupStatus, 10)
	if len(lines) != 1 || lines[0].Detail["reason"] != "The trainer has room for one more" || lines[0].Detail["from"] != "waitlisted" {
		t.Fatalf("audit: %+v", lines)
	}
	got, _ := st.ActivityByID(ctx, a.ID)
	if got.Counts.Confirmed != 2 {
		t.Fatalf("confirmed %d, want 2 (overbooked on purpose)", got.Counts.Confirmed)
	}
}

func TestReinstatingRespectsOnePlacePerPhone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "h@example.dk", domain.RoleStaff)
	a := newActivity(t, st, "jobaften", nil)
	first := signUp(t, st, a, 1)[0]
	if _, err := st.CancelSignup(ctx, first.CancelToken); err != nil {
		t.Fatal(err)
	}
	again := signup(a, 0)
	again.IdempotencyKey = "again"
	if _, err := st.CreateSignup(ctx, again); err != nil {
		t.Fatal(err)
	}
	_, err := st.ChangeSignupStatus(ctx, store.SignupStatusChange{SignupID: first.ID, To: domain.StatusConfirmed, By: store.Actor{StaffID: s.ID}})
	if !errors.Is(err, store.ErrAlreadySigned) {
		t.Fatalf("reinstating a second active sign-up for one phone: %v", err)
	}
}

func TestNoteIsSavedAndItsChangeAudited(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "i@example.dk", domain.RoleStaff)
	a := newActivity(t, st, "raad-til-bolig", nil)
	su := signUp(t, st, a, 1)[0]
	if err := st.SetSignupNote(ctx, su.ID, "Needs an interpreter", store.Actor{StaffID: s.ID}); err != nil {
		t.Fatal(err)
	}
	got, err := st.StaffSignupByID(ctx, su.ID)
	if err != nil || got.Note != "Needs an interpreter" {
		t.Fatalf("note: %+v %v", got, err)
	}
	lines, _ := st.AuditLog(ctx, store.SignupSubject(su.ID), domain.AuditSignupNote, 10)
	if len(lines) != 1 || len(lines[0].Detail) != 0 {
		t.Fatalf("note audit %+v: want one line that does not repeat the note", lines)
	}
	if err := st.SetSignupNote(ctx, 999999, "x", store.Actor{StaffID: s.ID}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("note on a missing sign-up: %v", err)
	}
}

func TestAssistedSignupRecordsHelperAndLanguage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "j@example.dk", domain.RoleStaff)
	a := newActivity(t, st, "mamamove", ip(5))
	su := signup(a, 1)
	su.AssistedBy, su.ConsentReadIn, su.Lang = s.ID, "ar", "ar"
	res, err := st.CreateSignup(ctx, su)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.StaffSignupByID(ctx, res.Signup.ID)
	if err != nil || got.AssistedBy != s.ID || got.AssistedByName != s.Name || got.ConsentReadIn != "ar" {
		t.Fatalf("assisted sign-up: %+v, %v", got, err)
	}
	self, _ := st.CreateSignup(ctx, signup(a, 2))
	if self.Signup.AssistedBy != 0 || self.Signup.ConsentReadIn != "" {
		t.Fatalf("a resident's own sign-up says assisted: %+v", self.Signup)
	}
}

func TestRollCallCountsPerSessionAndPerPerson(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "k@example.dk", domain.RoleStaff)
	a := newActivity(t, st, "hjaelpetraener", ip(3))
	by := store.Actor{StaffID: s.ID}
	a.Sessions = append(a.Sessions, domain.Session{StartsAt: a.Sessions[0].StartsAt.AddDate(0, 0, 7), Minutes: 90})
	if _, err := st.UpdateActivity(ctx, a, by); err != nil {
		t.Fatal(err)
	}
	got, _ := st.ActivityByID(ctx, a.ID)
	s1, s2 := got.Sessions[0].ID, got.Sessions[1].ID
	people := signUp(t, st, a, 4) // three places, one waiting
	mark := func(session, signup int64, present bool) int {
		t.Helper()
		n, err := st.SetAttendance(ctx, a.ID, session, signup, present, by)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	mark(s1, people[0].ID, true)
	mark(s1, people[1].ID, true)
	if n := mark(s1, people[1].ID, true); n != 2 {
		t.Fatalf("marking twice counts twice: %d", n)
	}
	if n := mark(s1, people[0].ID, false); n != 1 {
		t.Fatalf("after unmarking: %d present, want 1", n)
	}
	mark(s2, people[1].ID, true)
	mark(s2, people[2].ID, true)
	var rule *domain.RuleError
	if _, err := st.SetAttendance(ctx, a.ID, s1, people[3].ID, true, by); !errors.As(err, &rule) {
		t.Fatalf("marking a waitlisted person present: %v", err)
	}
	other := newActivity(t, st, "jobaften", nil)
	if _, err := st.SetAttendance(ctx, other.ID, s1, people[0].ID, true, by); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a session of another activity: %v", err)
	}
	rc, err := st.RollCall(ctx, a.ID, s1)
	if err != nil || len(rc.People) != 3 || rc.Present != 1 {
		t.Fatalf("roll call: %+v, %v", rc, err)
	}
	sheet, err := st.AttendanceSheet(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sheet.PerSession, []int{1, 2}) {
		t.Fatalf("per session %v, want [1 2]", sheet.PerSession)
	}
	totals := map[int64]int{}
	for _, r := range sheet.Rows {
		totals[r.SignupID] = r.Total
	}
	if totals[people[0].ID] != 0 || totals[people[1].ID] != 2 || totals[people[2].ID] != 1 || len(sheet.Rows) != 3 {
		t.Fatalf("per person %v", totals)
	}
	// A session somebody attended cannot be deleted; history stays.
	a.Sessions = got.Sessions[:1]
	if _, err := st.UpdateActivity(ctx, a, by); !errors.Is(err, store.ErrInUse) {
		t.Fatalf("deleting an attended session: %v, want ErrInUse", err)
	}
}

func TestRaisingCapacityPromotesFromTheWaitingList(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "l@example.dk", domain.RoleStaff)
	a := newActivity(t, st, "foraeldre-for-forandring", ip(1))
	all := signUp(t, st, a, 3)
	got, _ := st.ActivityByID(ctx, a.ID)
	got.Capacity = ip(2)
	promoted, err := st.UpdateActivity(ctx, got.Activity, store.Actor{StaffID: s.ID})
	if err != nil || len(promoted) != 1 || promoted[0].ID != all[1].ID {
		t.Fatalf("promoted %+v, %v", promoted, err)
	}
}

func TestArchivedActivityKeepsItsSignups(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "m@example.dk", domain.RoleStaff)
	a := newActivity(t, st, "tryghedsmoede", nil)
	signUp(t, st, a, 2)
	by := store.Actor{StaffID: s.ID}
	if err := st.SetArchived(ctx, a.ID, true, by); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSignupOpenBy(ctx, a.ID, true, by); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("opening an archived activity: %v", err)
	}
	list, err := st.ListSignups(ctx, a.ID, "")
	if err != nil || len(list) != 2 {
		t.Fatalf("sign-ups of an archived activity: %d, %v", len(list), err)
	}
	archived, _ := st.StaffActivities(ctx, true)
	current, _ := st.StaffActivities(ctx, false)
	if len(archived) != 1 || len(current) != 0 {
		t.Fatalf("archived %d, current %d", len(archived), len(current))
	}
	if lines, _ := st.AuditLog(ctx, store.ActivitySubject(a.ID), domain.AuditActivityArchive, 5); len(lines) != 1 {
		t.Fatal("archiving is not audited")
	}
}
