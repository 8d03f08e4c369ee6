package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// staffEnv is the environment of a "tilmeld staff" run against a fresh
// test database.
func staffEnv(t *testing.T) (func(string) string, string) {
	dbURL := storetest.NewDatabase(t)
	env := map[string]string{"DATABASE_URL": dbURL, "TILMELD_BASE_URL": "https://tilmeld.example.dk"}
	return func(k string) string { return env[k] }, dbURL
}

var linkLine = regexp.MustCompile(`(?m)^https://tilmeld\.example\.dk/staff/password/([A-Za-z0-9_-]{43})$`)

func TestStaffAddPrintsAOneTimePasswordLink(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	getenv, dbURL := staffEnv(t)
	var out bytes.Buffer
	err := run(ctx, []string{"staff", "add", "--email", "Leder@Example.dk", "--name", "Projektleder", "--role", "admin"}, getenv, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	m := linkLine.FindStringSubmatch(out.String())
	if m == nil || !strings.Contains(out.String(), "Projektleder <leder@example.dk>, admin.") {
		t.Fatalf("output:\n%s", out.String())
	}
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acct, err := st.PasswordLinkStaff(ctx, m[1], time.Now())
	if err != nil || acct.Email != "leder@example.dk" || acct.Role != domain.RoleAdmin || acct.HasPassword {
		t.Fatalf("the printed link opens %+v, %v", acct, err)
	}
	if _, err := st.PasswordLinkStaff(ctx, m[1], time.Now().Add(24*time.Hour+time.Minute)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the link works after 24 hours: %v", err)
	}

	err = run(ctx, []string{"staff", "add", "--email", "leder@example.dk", "--name", "X"}, getenv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "staff link") {
		t.Fatalf("adding the same address again: %v; want a pointer to \"staff link\"", err)
	}
	out.Reset()
	if err := run(ctx, []string{"staff", "link", "--email", "leder@example.dk"}, getenv, &out, io.Discard); err != nil || !linkLine.MatchString(out.String()) {
		t.Fatalf("staff link: %v\n%s", err, out.String())
	}
}

func TestStaffAddRefusesBadInput(t *testing.T) {
	t.Parallel()
	getenv, _ := staffEnv(t)
	for _, args := range [][]string{
		{"staff"},
		{"staff", "remove"},
		{"staff", "add", "--email", "not-an-address", "--name", "X"},
		{"staff", "add", "--email", "a@example.dk", "--name", "X", "--role", "boss"},
		{"staff", "add", "--email", "a@example.dk", "--name", "X", "--lang", "ar"},
		{"staff", "add", "--email", "a@example.dk"},
		{"staff", "link", "--email", "nobody@example.dk"},
	} {
		if err := run(context.Background(), args, getenv, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}
