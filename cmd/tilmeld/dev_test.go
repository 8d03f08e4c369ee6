package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// TestDevGenerateFillsAnEmptyDatabaseOnly makes a little synthetic data,
// and refuses to mix more into a database that has sign-ups unless told.
func TestDevGenerateFillsAnEmptyDatabaseOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	getenv, _ := staffEnv(t)
	withKey := func(k string) string {
		if k == "TILMELD_DATA_KEY" {
			return storetest.TestKey
		}
		return getenv(k)
	}
	args := []string{"dev", "generate", "--signups", "300", "--referrals", "40", "--attendance", "500", "--weeks", "8"}
	var out bytes.Buffer
	if err := run(ctx, args, withKey, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "made 6 activities") || !strings.Contains(out.String(), "300 sign-ups, 40 referrals and 500 attendance rows") {
		t.Fatalf("output:\n%s", out.String())
	}
	if err := run(ctx, args, withKey, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "--append") {
		t.Fatalf("a second run: %v", err)
	}
	if err := run(ctx, append(args, "--append"), withKey, io.Discard, io.Discard); err != nil {
		t.Fatalf("--append: %v", err)
	}
}
