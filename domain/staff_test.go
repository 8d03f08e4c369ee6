package domain

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	h, err := HashPassword("korrekt hest batteri")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not an argon2id PHC string", h)
	}
	if !PasswordMatches(h, "korrekt hest batteri") {
		t.Fatal("the right password does not match")
	}
	for _, wrong := range []string{"korrekt hest batteri ", "Korrekt hest batteri", ""} {
		if PasswordMatches(h, wrong) {
			t.Fatalf("wrong password %q matches", wrong)
		}
	}
	if h2, _ := HashPassword("korrekt hest batteri"); h2 == h {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA"} {
		if PasswordMatches(bad, "") {
			t.Fatalf("malformed hash %q matches", bad)
		}
	}
	if _, err := passwordMatches(dummyHash, "x"); err != nil {
		t.Fatalf("the dummy hash does not parse, so unknown accounts answer faster: %v", err)
	}
}

func TestCheckNewPassword(t *testing.T) {
	cases := []struct {
		pw, repeat, code string
	}{
		{"elleve tegn", "elleve tegn", ErrCodePasswordShort},
		{"tolv tegn ok", "tolv tegn ok", ""},
		{"æøåæøåæøåæøå", "æøåæøåæøåæøå", ""}, // counted in characters, not bytes
		{"tolv tegn ok", "tolv tegn OK", ErrCodePasswordMismatch},
		{strings.Repeat("a", 129), strings.Repeat("a", 129), ErrCodePasswordLong},
	}
	for _, c := range cases {
		got := CheckNewPassword(c.pw, c.repeat)
		if (got == nil) != (c.code == "") || (got != nil && got.Code != c.code) {
			t.Errorf("CheckNewPassword(%q) = %v, want %q", c.pw, got, c.code)
		}
	}
}

func TestLoginLockoutRule(t *testing.T) {
	now := time.Date(2027, 1, 12, 10, 0, 0, 0, time.UTC)
	if LoginLocks(9) || !LoginLocks(10) || !LoginLocks(11) {
		t.Fatal("the tenth failure must lock, the ninth not")
	}
	cases := []struct {
		name        string
		lastSuccess time.Time
		want        time.Time
	}{
		{"never logged in", time.Time{}, now.Add(-15 * time.Minute)},
		{"logged in long ago", now.Add(-time.Hour), now.Add(-15 * time.Minute)},
		{"logged in five minutes ago", now.Add(-5 * time.Minute), now.Add(-5 * time.Minute)},
	}
	for _, c := range cases {
		if got := FailureWindowStart(now, c.lastSuccess); !got.Equal(c.want) {
			t.Errorf("%s: window starts %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCheckStaffAccount(t *testing.T) {
	cases := []struct {
		email, name string
		role        Role
		fields      []string
	}{
		{"leder@example.dk", "Projektleder", RoleAdmin, nil},
		{"medarbejder@example.dk", "Medarbejder", RoleStaff, nil},
		{"not-an-address", "X", RoleStaff, []string{"email"}},
		{"a@b", "X", RoleStaff, []string{"email"}},
		{"a@example.dk", "", "boss", []string{"name", "role"}},
	}
	for _, c := range cases {
		var got []string
		for _, e := range CheckStaffAccount(c.email, c.name, c.role) {
			got = append(got, e.Field)
		}
		if !slices.Equal(got, c.fields) {
			t.Errorf("CheckStaffAccount(%q, %q, %q) fields %v, want %v", c.email, c.name, c.role, got, c.fields)
		}
	}
	if NormaliseEmail("  Leder@Example.DK ") != "leder@example.dk" {
		t.Fatal("e-mail not normalised")
	}
}

func TestCheckStatusChange(t *testing.T) {
	cap2 := 2
	cases := []struct {
		name      string
		from, to  Status
		capacity  *int
		confirmed int
		reason    string
		code      string
	}{
		{"cancel a place", StatusConfirmed, StatusCancelled, &cap2, 2, "", ""},
		{"no-show", StatusConfirmed, StatusNoShow, &cap2, 2, "", ""},
		{"same status", StatusConfirmed, StatusConfirmed, &cap2, 1, "", ErrCodeStatusSame},
		{"unknown status", StatusConfirmed, "deleted", &cap2, 1, "", ErrCodeStatusUnknown},
		{"off the waiting list needs a reason", StatusWaitlisted, StatusConfirmed, &cap2, 2, "", ErrCodeReasonRequired},
		{"off the waiting list with a reason", StatusWaitlisted, StatusConfirmed, &cap2, 2, "Talked to the trainer: room for one more", ""},
		{"jumping the queue with room still needs a reason", StatusWaitlisted, StatusConfirmed, &cap2, 1, " ", ErrCodeReasonRequired},
		{"reinstating into a free place", StatusCancelled, StatusConfirmed, &cap2, 1, "", ""},
		{"reinstating beyond capacity", StatusCancelled, StatusConfirmed, &cap2, 2, "", ErrCodeReasonRequired},
		{"no limit never needs a reason", StatusNoShow, StatusConfirmed, nil, 500, "", ""},
		{"waitlisted cancels herself", StatusWaitlisted, StatusCancelled, &cap2, 2, "", ""},
		{"cpr in the reason", StatusWaitlisted, StatusConfirmed, &cap2, 2, "cpr 010203-1234", ErrCodeStaffCPR},
		{"reason too long", StatusWaitlisted, StatusConfirmed, &cap2, 2, strings.Repeat("x", 501), ErrCodeReasonLong},
	}
	for _, c := range cases {
		got := CheckStatusChange(c.from, c.to, c.capacity, c.confirmed, c.reason)
		if (got == nil) != (c.code == "") || (got != nil && got.Code != c.code) {
			t.Errorf("%s: %v, want %q", c.name, got, c.code)
		}
	}
}

func TestFreesPlace(t *testing.T) {
	cases := []struct {
		from, to Status
		want     bool
	}{
		{StatusConfirmed, StatusCancelled, true},
		{StatusConfirmed, StatusNoShow, true},
		{StatusConfirmed, StatusWaitlisted, false},
		{StatusWaitlisted, StatusCancelled, false},
		{StatusCancelled, StatusConfirmed, false},
	}
	for _, c := range cases {
		if got := FreesPlace(c.from, c.to); got != c.want {
			t.Errorf("FreesPlace(%s, %s) = %v", c.from, c.to, got)
		}
	}
}

func TestCheckNote(t *testing.T) {
	cases := map[string]string{
		"":                            "",
		"Needs an Arabic interpreter": "",
		"Brings a pram, 2 children":   "",
		"CPR 0102031234":              ErrCodeStaffCPR,
		"٠١٠٢٠٣-١٢٣٤":                 ErrCodeStaffCPR,
		strings.Repeat("a", 1001):     ErrCodeNoteLong,
		"bad \xff utf-8":              ErrCodeNoteLong,
	}
	for note, code := range cases {
		got := CheckNote(note)
		if (got == nil) != (code == "") || (got != nil && got.Code != code) {
			t.Errorf("CheckNote(%.20q) = %v, want %q", note, got, code)
		}
	}
}
