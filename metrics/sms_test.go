package metrics

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSMSCountsByKindAndState(t *testing.T) {
	m := New()
	m.WatchSMS(func(context.Context) ([]KindState, error) {
		return []KindState{{"confirmation", "sent", 12}, {"reminder", "pending", 3}, {"reminder", "cancelled", 1}}, nil
	})
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, want := range []string{`tilmeld_sms_messages{kind="confirmation",state="sent"} 12`,
		`tilmeld_sms_messages{kind="reminder",state="pending"} 3`, `tilmeld_sms_messages{kind="reminder",state="cancelled"} 1`} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
