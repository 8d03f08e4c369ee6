package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAbandonedSignupIsNeitherStoredNorAnError: a resident who closes the
// page before her sign-up is stored was never told she has a place, so
// nothing is stored; and her leaving is no failure of the service, so it
// is not logged as one.
func TestAbandonedSignupIsNeitherStoredNorAnError(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	tok := idem(t, s.get("/a/mamamove").body)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/a/mamamove", strings.NewReader(mamaMoveForm(tok).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res := s.do(req)
	if res.StatusCode != 499 {
		t.Fatalf("abandoned sign-up answered %d, want 499 (client closed request)", res.StatusCode)
	}
	var n int
	if err := s.st.DB().Get(&n, `SELECT count(*) FROM signups`); err != nil || n != 0 {
		t.Fatalf("%d sign-ups stored (%v), want none", n, err)
	}
	if strings.Contains(s.log.String(), `"level":"ERROR"`) {
		t.Fatalf("a resident leaving was logged as an error:\n%s", s.log.String())
	}
	if !strings.Contains(s.log.String(), "request abandoned") {
		t.Fatalf("no trace of the abandoned request in the log:\n%s", s.log.String())
	}
	// Her form still works when she comes back.
	if res := s.post("/a/mamamove", mamaMoveForm(tok)); res.StatusCode != 200 {
		t.Fatalf("sign-up after coming back: %d", res.StatusCode)
	}
}
