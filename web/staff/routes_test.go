package staff_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

// staffOpenRoutes are the only staff addresses that answer without a
// session. Adding one here is a decision to make in review.
var staffOpenRoutes = []string{
	"GET /staff/login", "POST /staff/login",
	"GET /staff/password/:token", "POST /staff/password/:token",
	"GET /staff/assets/:file",
}

// TestEveryStaffRouteNeedsASession walks every route registered under
// /staff/, so a new one cannot be added without the login check: a browser
// is sent to the login page, anything else gets 401.
func TestEveryStaffRouteNeedsASession(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	var seenOpen []string
	checked := 0
	for _, r := range s.h.(*web.Server).Routes() {
		if !strings.HasPrefix(r.Path, "/staff/") {
			continue
		}
		route := r.Method + " " + r.Path
		if slices.Contains(staffOpenRoutes, route) {
			seenOpen = append(seenOpen, route)
			continue
		}
		path := strings.NewReplacer(":id", "1", ":session", "1", ":token", "x", ":file", "x").Replace(r.Path)
		for _, tc := range []struct {
			accept string
			want   int
		}{{"text/html,application/xhtml+xml", http.StatusSeeOther}, {"", http.StatusSeeOther}, {"application/json", http.StatusUnauthorized}} {
			req := httptest.NewRequest(r.Method, path, strings.NewReader(""))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			res := s.do(req)
			if res.StatusCode != tc.want {
				t.Errorf("%s (Accept %q) without a session: %d, want %d", route, tc.accept, res.StatusCode, tc.want)
			}
			if tc.want == http.StatusSeeOther && !strings.HasPrefix(res.Header.Get("Location"), "/staff/login") {
				t.Errorf("%s redirects to %q, not to the login", route, res.Header.Get("Location"))
			}
		}
		// A made-up session token is no session either.
		req := httptest.NewRequest(r.Method, path, nil)
		req.AddCookie(&http.Cookie{Name: "tilmeld_staff", Value: "made-up"})
		req.Header.Set("Accept", "application/json")
		if res := s.do(req); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s with a made-up session: %d", route, res.StatusCode)
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d staff routes checked: the walk is broken", checked)
	}
	slices.Sort(seenOpen)
	want := slices.Clone(staffOpenRoutes)
	slices.Sort(want)
	if !slices.Equal(seenOpen, want) {
		t.Fatalf("open staff routes %v, want %v", seenOpen, want)
	}
	for _, path := range []string{"/staff/login", "/staff/password/unknown"} {
		if res := s.get(path); res.StatusCode == http.StatusSeeOther || res.StatusCode == http.StatusUnauthorized {
			t.Errorf("%s answers %d without a session; it must be reachable", path, res.StatusCode)
		}
	}
}
