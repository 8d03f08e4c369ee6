package main

import (
	"os/exec"
	"strings"
	"testing"
)

// module is this repository's module path.
const module = "github.com/beboerprojekt-nordvest/tilmeld"

// layer ranks a package of ours: it may import its own layer and those
// below, never one above. 3: commands; 2: the adapters (web, bot and the
// senders); 1: storage; 0: the domain and the small libraries under it.
func layer(pkg string) int {
	p := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
	top, _, _ := strings.Cut(p, "/")
	switch {
	case top == "cmd" || top == "bench" || strings.Contains(p, "/cmd/"):
		return 3
	case top == "web" || top == "bot" || top == "notify" || top == "queue":
		return 2
	case top == "store":
		return 1
	}
	return 0
}

// forbidden are imports between packages of one layer that would tangle
// them: the public pages and the Slack app stay apart, and the shared page
// code under web knows neither site.
var forbidden = map[string][]string{
	"web":       {"bot"},
	"web/staff": {"web", "bot"},
	"web/ui":    {"web", "web/staff", "bot"},
	"bot":       {"web", "web/staff", "web/ui"},
}

// TestImportsRunDownTheLayers holds the direction README's Architecture
// section states: cmd → web, bot → store → domain, and no package imports
// one above it. Tests may reach up (a bot test drives the web pages too),
// so only the packages' own imports count.
func TestImportsRunDownTheLayers(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := fields[0]
		name := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
		seen[name] = true
		for _, imp := range fields[1:] {
			if !strings.HasPrefix(imp, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(imp, module+"/")
			if layer(imp) > layer(pkg) {
				t.Errorf("%s (layer %d) imports %s (layer %d), which is above it", name, layer(pkg), dep, layer(imp))
			}
			for _, f := range forbidden[name] {
				if dep == f {
					t.Errorf("%s imports %s: they are kept apart", name, dep)
				}
			}
		}
	}
	for _, want := range []string{"cmd/tilmeld", "web", "web/staff", "web/ui", "bot", "store", "domain"} {
		if !seen[want] {
			t.Fatalf("go list did not list %s: the check is broken", want)
		}
	}
}

// TestLayersAreAsREADMEStates: the ranks the check above relies on.
func TestLayersAreAsREADMEStates(t *testing.T) {
	for pkg, want := range map[string]int{
		"cmd/tilmeld": 3, "bench/soak": 3, "pglocal/cmd/pgstart": 3,
		"web": 2, "web/staff": 2, "web/ui": 2, "bot": 2, "notify": 2, "queue": 2,
		"store": 1, "store/devdata": 1, "store/storetest": 1,
		"domain": 0, "locales": 0, "plans": 0, "crypt": 0, "sms": 0, "pglocal": 0,
	} {
		if got := layer(module + "/" + pkg); got != want {
			t.Errorf("layer(%s) = %d, want %d", pkg, got, want)
		}
	}
}
