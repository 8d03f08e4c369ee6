package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/metrics"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

// TestMetricsCountSignupsAndTimeRoutesWithoutPersonalData: after a
// sign-up and a cancellation, /metrics shows the counts and the request
// timings by route pattern, and neither it nor the log has the private
// cancel token or the resident's phone.
func TestMetricsCountSignupsAndTimeRoutesWithoutPersonalData(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	s := newSiteWith(t, web.Config{BaseURL: baseURL, Metrics: m})
	m.WatchSlackQueue(s.st.OutboxBacklog)
	res := s.post("/a/mamamove", mamaMoveForm(idem(t, s.get("/a/mamamove").body)))
	ref := reference(t, res.body)
	token := strings.TrimPrefix(regexpFind(t, `/afmeld/([A-Za-z0-9_-]+)`, res.body), "/afmeld/")
	s.post("/afmeld/"+token, nil)

	out := s.get("/metrics").body
	mustContain(t, "metrics", out,
		`tilmeld_signups_total{status="confirmed"} 1`,
		`tilmeld_waitlist_promotions_total 0`,
		`tilmeld_http_request_duration_seconds_count{code="200",method="POST",route="/a/:slug"} 1`,
		`route="/afmeld/:token"`,
		"tilmeld_slack_queue_depth 0",
	)
	for _, secret := range []string{token, "22334455", "Testperson", ref} {
		if strings.Contains(out, secret) || strings.Contains(s.log.String(), secret) {
			t.Errorf("%q appears in /metrics or the log", secret)
		}
	}
	if !strings.Contains(s.log.String(), `"route":"/afmeld/:token"`) {
		t.Error("the access log does not name the route")
	}
}

// regexpFind returns the first match of pattern in body, or fails.
func regexpFind(t *testing.T, pattern, body string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindString(body)
	if m == "" {
		t.Fatalf("no %s on the page", pattern)
	}
	return m
}

// mustContain fails unless body has every want.
func mustContain(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}
