package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestMetricsAreServedWhenTheSlackQueueCannotBeRead: with the database
// down, /metrics still answers 200 with the request figures, leaves out
// the queue figures, and does not show the database's error.
func TestMetricsAreServedWhenTheSlackQueueCannotBeRead(t *testing.T) {
	m := New()
	m.WatchSlackQueue(func(context.Context) (int, time.Duration, error) {
		return 0, 0, errors.New("outbox backlog: dial tcp 127.0.0.1:5432: connect: connection refused")
	})
	m.HTTP.WithLabelValues("/a/:slug", "POST", "503").Observe(0.002)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != http.StatusOK || !strings.Contains(string(body), `code="503",method="POST",route="/a/:slug"`) {
		t.Fatalf("status %d, want 200 with the request figures:\n%.500s", rec.Code, body)
	}
	for _, absent := range []string{"tilmeld_slack_queue_depth ", "dial tcp", "connection refused"} {
		if strings.Contains(string(body), absent) {
			t.Errorf("/metrics shows %q", absent)
		}
	}
}

func TestSlackQueueFiguresAreServed(t *testing.T) {
	m := New()
	m.WatchSlackQueue(func(context.Context) (int, time.Duration, error) { return 7, 90 * time.Second, nil })
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, want := range []string{"tilmeld_slack_queue_depth 7", "tilmeld_slack_queue_oldest_seconds 90"} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
