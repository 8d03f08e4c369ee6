package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

// TestManySignupsFromOneAddressAreSlowedWithATranslatedPage: a shared
// connection gets its minute's worth at once, then a 429 in the resident's
// language, and the next minute is open again.
func TestManySignupsFromOneAddressAreSlowedWithATranslatedPage(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, web.Config{BaseURL: baseURL, SignupsPerMinute: 5})
	now := time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
	s.h.(*web.Server).SetClock(func() time.Time { return now })
	post := func(i int, addr string) response {
		form := mamaMoveForm(idem(t, s.get("/a/mamamove").body))
		form.Set("phone", "2233440"+string(rune('0'+i)))
		req := httptest.NewRequest(http.MethodPost, "/a/mamamove?lang=so", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = addr + ":3000"
		return s.do(req)
	}
	for i := range 5 {
		if res := post(i, "192.0.2.10"); res.StatusCode != http.StatusOK {
			t.Fatalf("sign-up %d from a shared connection: %d", i, res.StatusCode)
		}
	}
	res := post(5, "192.0.2.10")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" ||
		!strings.Contains(res.body, "Sug hal daqiiqo") {
		t.Fatalf("sixth sign-up in a minute: %d\n%s", res.StatusCode, res.body)
	}
	if res := post(6, "192.0.2.11"); res.StatusCode != http.StatusOK {
		t.Fatalf("another address is not limited: %d", res.StatusCode)
	}
	now = now.Add(time.Minute)
	if res := post(7, "192.0.2.10"); res.StatusCode != http.StatusOK {
		t.Fatalf("a minute later: %d", res.StatusCode)
	}
	var n int
	s.st.DB().Get(&n, `SELECT count(*) FROM signups`)
	if n != 7 {
		t.Fatalf("%d sign-ups stored, want 7 (the limited one is not stored)", n)
	}
}

func TestHoneypotStoresNothing(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	page := s.get("/a/mamamove")
	mustContain(t, "form", page.body, `<div class="trap">`, `name="website"`)
	form := mamaMoveForm(idem(t, page.body))
	form.Set("website", "http://spam.example")
	if res := s.post("/a/mamamove", form); res.StatusCode != http.StatusBadRequest {
		t.Fatalf("a filled honeypot: %d", res.StatusCode)
	}
	var n int
	s.st.DB().Get(&n, `SELECT count(*) FROM signups`)
	if n != 0 {
		t.Fatal("a robot's sign-up was stored")
	}
}
