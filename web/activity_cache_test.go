package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

// TestCachedFormHasAFreshTokenAndCatchesUpWithinSeconds: with the cache
// on, every resident still gets her own idempotency token, and a change
// (here: the activity closes) shows once the cache time has passed.
func TestCachedFormHasAFreshTokenAndCatchesUpWithinSeconds(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, web.Config{BaseURL: baseURL, ActivityCache: 2 * time.Second})
	now := time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
	s.h.(*web.Server).SetClock(func() time.Time { return now })
	first, second := s.get("/a/mamamove"), s.get("/a/mamamove?lang=ar")
	third := s.get("/a/mamamove")
	if idem(t, first.body) == idem(t, third.body) || strings.Contains(first.body, "PLACEHOLDER") {
		t.Fatal("two residents got the same idempotency token")
	}
	if strings.Replace(first.body, idem(t, first.body), "", 1) != strings.Replace(third.body, idem(t, third.body), "", 1) {
		t.Fatal("the cached page differs beyond its token")
	}
	if !strings.Contains(second.body, `dir="rtl"`) {
		t.Fatal("the Arabic page came from the Danish cache")
	}
	// A sign-up made from a cached page works as ever.
	if res := s.post("/a/mamamove", mamaMoveForm(idem(t, first.body))); res.StatusCode != 200 {
		t.Fatalf("sign-up from a cached form: %d", res.StatusCode)
	}
	a, err := s.st.ActivityBySlug(context.Background(), "mamamove")
	if err != nil {
		t.Fatal(err)
	}
	if err = s.st.SetSignupOpen(context.Background(), a.ID, false); err != nil {
		t.Fatal(err)
	}
	if res := s.get("/a/mamamove"); strings.Contains(res.body, "Tilmeldingen er lukket") {
		t.Fatal("the cache was not used within its time")
	}
	now = now.Add(3 * time.Second)
	s.get("/a/mamamove") // this one refreshes the cache
	if res := s.get("/a/mamamove"); !strings.Contains(res.body, "Tilmeldingen er lukket") {
		t.Fatal("a closed activity still shows its form after the cache time")
	}
}
