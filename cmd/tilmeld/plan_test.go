package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/plans"
)

func TestPlanCheckAcceptsTheEmbeddedAndTheExamplePlan(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"plan", "check"}, func(string) string { return "" }, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Beboerprojekt Nordvest, time zone Europe/Copenhagen: 4 areas, 14 departments") {
		t.Errorf("plan check said %q", out.String())
	}
	out.Reset()
	env := func(k string) string {
		if k == "TILMELD_PLAN" {
			return "../../plans/testdata/example.toml"
		}
		return ""
	}
	if err := run(context.Background(), []string{"plan", "check"}, env, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Fjordbyen Bomiljø, time zone Europe/Oslo") {
		t.Errorf("plan check with TILMELD_PLAN said %q", out.String())
	}
}

func TestPlanCheckNamesTheLineOfEachProblem(t *testing.T) {
	good, err := os.ReadFile("../../plans/testdata/example.toml")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(good), `"Europe/Oslo"`, `"Europe/Atlantis"`, 1)
	path := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = run(context.Background(), []string{"plan", "check", path}, func(string) string { return "" }, &out, io.Discard)
	if err == nil {
		t.Fatal("a bad plan passed the check")
	}
	if want := path + `:6: time_zone "Europe/Atlantis" is not a known IANA time zone`; !strings.Contains(out.String(), want) {
		t.Errorf("plan check printed\n%s\nwant %s", out.String(), want)
	}
}

func defaultPlan(t testing.TB) *domain.Plan {
	t.Helper()
	p, err := plans.Default()
	if err != nil {
		t.Fatal(err)
	}
	return p
}
