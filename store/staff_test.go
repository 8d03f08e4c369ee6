package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

func newStaff(t *testing.T, st *store.Store, email string, role domain.Role) domain.Staff {
	t.Helper()
	s, err := st.CreateStaff(context.Background(), domain.Staff{Email: email, Name: "Medarbejder " + email, Role: role, Lang: "da"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStaffEmailIsUnique(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	newStaff(t, st, "leder@example.dk", domain.RoleAdmin)
	_, err := st.CreateStaff(context.Background(), domain.Staff{Email: "leder@example.dk", Name: "X", Role: domain.RoleStaff, Lang: "da"})
	if !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("second account with one address: %v, want ErrDuplicate", err)
	}
}

func TestPasswordLinkIsSingleUseAndExpires(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "a@example.dk", domain.RoleStaff)
	now := time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC)
	if err := st.CreatePasswordLink(ctx, s.ID, "first-token", now, now.Add(domain.PasswordLinkTTL)); err != nil {
		t.Fatal(err)
	}
	if err := st.CreatePasswordLink(ctx, s.ID, "second-token", now, now.Add(domain.PasswordLinkTTL)); err != nil {
		t.Fatal(err)
	}
	if got, err := st.PasswordLinkStaff(ctx, "first-token", now.Add(23*time.Hour)); err != nil || got.ID != s.ID {
		t.Fatalf("link after 23 hours: %v, %v", got, err)
	}
	if _, err := st.PasswordLinkStaff(ctx, "first-token", now.Add(24*time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("link after 24 hours: %v, want ErrNotFound", err)
	}
	if err := st.CreateSession(ctx, s.ID, "old-session", now, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := st.UsePasswordLink(ctx, "first-token", "$argon2id$hash", now.Add(time.Minute))
	if err != nil || !got.HasPassword {
		t.Fatalf("use link: %+v, %v", got, err)
	}
	for _, tok := range []string{"first-token", "second-token"} {
		if _, err := st.UsePasswordLink(ctx, tok, "$argon2id$other", now.Add(2*time.Minute)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("link %s after a password was set: %v, want ErrNotFound", tok, err)
		}
	}
	if _, err := st.StaffBySession(ctx, "old-session", now.Add(3*time.Minute)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a session from before the new password still works: %v", err)
	}
	var stored []byte
	if err := st.DB().Get(&stored, `SELECT token_hash FROM staff_password_links LIMIT 1`); err != nil || string(stored) == "first-token" || len(stored) != 32 {
		t.Fatalf("stored token %q, %v: want a 32-byte hash", stored, err)
	}
}

func TestDeactivationEndsSessionsAndLinks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "b@example.dk", domain.RoleStaff)
	now := time.Now()
	st.CreateSession(ctx, s.ID, "phone", now, now.Add(time.Hour))
	st.CreateSession(ctx, s.ID, "laptop", now, now.Add(time.Hour))
	st.CreatePasswordLink(ctx, s.ID, "link", now, now.Add(time.Hour))
	if got, err := st.StaffBySession(ctx, "phone", now); err != nil || got.ID != s.ID {
		t.Fatalf("session: %v %v", got, err)
	}
	if err := st.DeactivateStaff(ctx, s.ID, now); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{"phone", "laptop"} {
		if _, err := st.StaffBySession(ctx, tok, now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session %s after deactivation: %v", tok, err)
		}
	}
	if _, err := st.PasswordLinkStaff(ctx, "link", now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("password link after deactivation: %v", err)
	}
	if _, err := st.LoginCandidate(ctx, "b@example.dk"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deactivated account can still log in: %v", err)
	}
	if err := st.CreateSession(ctx, s.ID, "expired", now.Add(-2*time.Hour), now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.StaffBySession(ctx, "expired", now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired session: %v", err)
	}
}

func TestTenFailedLoginsLockAccountAndAddress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	newStaff(t, st, "c@example.dk", domain.RoleStaff)
	now := time.Date(2027, 1, 12, 10, 0, 0, 0, time.UTC)
	// Nine failures from nine addresses: nothing locked yet.
	for i := range 9 {
		locks, err := failLogin(t, st, "c@example.dk", "10.0.0."+string(rune('1'+i)), now.Add(time.Duration(i)*time.Second))
		if err != nil || locks.Account || locks.Address {
			t.Fatalf("failure %d: %+v, %v", i+1, locks, err)
		}
	}
	if _, locked, _ := st.LoginLockedUntil(ctx, "c@example.dk", "10.0.0.1", now.Add(time.Minute)); locked {
		t.Fatal("locked after nine failures")
	}
	locks, err := failLogin(t, st, "c@example.dk", "10.0.0.99", now.Add(time.Minute))
	if err != nil || !locks.Account || locks.Address {
		t.Fatalf("tenth failure: %+v, %v; want the account locked, not the address", locks, err)
	}
	until, locked, err := st.LoginLockedUntil(ctx, "c@example.dk", "192.0.2.1", now.Add(2*time.Minute))
	if err != nil || !locked || !until.Equal(now.Add(time.Minute+15*time.Minute)) {
		t.Fatalf("lock: %v %v %v, want until %v", until, locked, err, now.Add(16*time.Minute))
	}
	if _, locked, _ := st.LoginLockedUntil(ctx, "c@example.dk", "192.0.2.1", now.Add(16*time.Minute)); locked {
		t.Fatal("still locked after 15 minutes")
	}

	// Ten failures from one address, each for a different account.
	for i := range 10 {
		locks, err = failLogin(t, st, "guess"+string(rune('a'+i))+"@example.dk", "203.0.113.5", now.Add(time.Duration(i)*time.Second))
		if err != nil {
			t.Fatal(err)
		}
	}
	if !locks.Address || locks.Account {
		t.Fatalf("ten failures from one address: %+v", locks)
	}
	if _, locked, _ := st.LoginLockedUntil(ctx, "someone-else@example.dk", "203.0.113.5", now.Add(time.Minute)); !locked {
		t.Fatal("the address is not locked for other accounts")
	}
}

func TestGoodLoginStartsTheCountAfresh(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "d@example.dk", domain.RoleStaff)
	now := time.Date(2027, 1, 12, 10, 0, 0, 0, time.UTC)
	for i := range 9 {
		failLogin(t, st, "d@example.dk", "10.1.0."+string(rune('1'+i)), now.Add(time.Duration(i)*time.Second))
	}
	if err := st.CreateSession(ctx, s.ID, "tok", now.Add(time.Minute), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	locks, err := failLogin(t, st, "d@example.dk", "10.1.1.1", now.Add(2*time.Minute))
	if err != nil || locks.Account {
		t.Fatalf("one typo after a good login locked the account: %+v %v", locks, err)
	}
}

// failLogin is a login whose password was wrong: counted, then failed.
func failLogin(t *testing.T, st *store.Store, email, addr string, at time.Time) (store.NewLocks, error) {
	t.Helper()
	a, err := st.BeginLogin(context.Background(), email, addr, at)
	if err != nil || a.Refused {
		return a.Locks, err
	}
	return st.LoginFailed(context.Background(), a)
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	s := newStaff(t, st, "e@example.dk", domain.RoleStaff)
	if err := st.Audit(ctx, store.AuditEntry{StaffID: s.ID, Action: domain.AuditSignupView, Subject: "signup:1", Addr: "10.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Audit(ctx, store.AuditEntry{Action: domain.AuditLoginFailed, Addr: "10.0.0.2"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE audit_log SET action = 'x'`, `DELETE FROM audit_log`, `TRUNCATE audit_log`} {
		if _, err := st.DB().Exec(q); err == nil {
			t.Errorf("%s was allowed", q)
		}
	}
	lines, err := st.AuditLog(ctx, "", "", 10)
	if err != nil || len(lines) != 2 {
		t.Fatalf("audit log: %d lines, %v", len(lines), err)
	}
	if lines[0].Action != domain.AuditLoginFailed || lines[0].StaffID != 0 || lines[1].StaffName != s.Name {
		t.Fatalf("lines %+v", lines)
	}
}

func TestLoginsCountedAllAtOnceStopAtTheLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	newStaff(t, st, "g@example.dk", domain.RoleStaff)
	now := time.Date(2027, 1, 12, 10, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var counted atomic.Int32
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := st.BeginLogin(ctx, "g@example.dk", fmt.Sprintf("10.2.0.%d", i+1), now)
			if err != nil {
				t.Error(err)
			} else if !a.Refused {
				counted.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := counted.Load(); n != domain.MaxLoginFailures {
		t.Fatalf("%d of 60 logins at once may check a password, want %d", n, domain.MaxLoginFailures)
	}
	if _, locked, _ := st.LoginLockedUntil(ctx, "g@example.dk", "192.0.2.9", now); !locked {
		t.Fatal("the account is not locked after the refused attempts")
	}
}
