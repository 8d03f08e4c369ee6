package staff_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// TestForgedForwardedForDoesNotDodgeTheAddressLock: an attacker who sends
// a new X-Forwarded-For with every guess is still one address to us, since
// no proxy is trusted unless configured.
func TestForgedForwardedForDoesNotDodgeTheAddressLock(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("f@example.dk", domain.RoleStaff)
	login := func(email, pw, forged string) int {
		form := url.Values{"email": {email}, "password": {pw}}
		req := httptest.NewRequest(http.MethodPost, "/staff/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", forged)
		req.RemoteAddr = "198.51.100.9:40000"
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, req)
		return rec.Code
	}
	for i := range 10 {
		login("guess"+string(rune('a'+i))+"@example.dk", "password1234", "203.0.113."+string(rune('1'+i)))
	}
	if code := login("f@example.dk", staffPassword, "203.0.113.200"); code != http.StatusTooManyRequests {
		t.Fatalf("a fresh X-Forwarded-For got past the address lock: %d", code)
	}
}
