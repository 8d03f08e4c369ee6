package sms_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/sms"
	"github.com/beboerprojekt-nordvest/tilmeld/sms/smstest"
)

func TestGatewayAPIDeliversToTheFakeGateway(t *testing.T) {
	gw := smstest.New(t)
	g := sms.GatewayAPI{URL: gw.URL, Token: smstest.Token, Sender: "Nordvest"}
	res, err := g.Send(context.Background(), sms.Message{To: "+4520123456", Text: "Du er tilmeldt. Ref: ABC123", Ref: "outbox-7"})
	if err != nil {
		t.Fatal(err)
	}
	got := gw.Messages()
	if len(got) != 1 {
		t.Fatalf("gateway got %d messages, want 1", len(got))
	}
	m := got[0]
	if m.To != "+4520123456" || m.Text != "Du er tilmeldt. Ref: ABC123" || m.Sender != "Nordvest" || m.UserRef != "outbox-7" || m.Encoding != "" {
		t.Errorf("gateway got %+v", m)
	}
	if res.ID == "" || res.Parts != 1 {
		t.Errorf("result %+v, want the gateway's id and 1 part", res)
	}
}

func TestGatewayAPISendsArabicAsUCS2(t *testing.T) {
	gw := smstest.New(t)
	g := sms.GatewayAPI{URL: gw.URL, Token: smstest.Token, Sender: "Nordvest"}
	if _, err := g.Send(context.Background(), sms.Message{To: "+4520123456", Text: "تم التسجيل"}); err != nil {
		t.Fatal(err)
	}
	if enc := gw.Messages()[0].Encoding; enc != "UCS2" {
		t.Errorf("encoding %q, want UCS2", enc)
	}
}

// TestNewClientStaysWithinTheGatewaysConnectionLimit sends 24 messages
// through 12 goroutines, as 12 queue workers would, to a fake that holds
// each request 50 ms and, like GatewayAPI, refuses connections beyond a
// limit (here 6). NewClient(6) makes them wait their turn and lose none;
// Go's default client opens one connection per message in flight and is
// refused.
func TestNewClientStaysWithinTheGatewaysConnectionLimit(t *testing.T) {
	send := func(client *http.Client) (accepted, failed, most, refused int) {
		gw := smstest.New(t)
		gw.SetLatency(50 * time.Millisecond)
		gw.LimitConnections(6)
		g := sms.GatewayAPI{URL: gw.URL, Token: smstest.Token, Sender: "Nordvest", Client: client}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for w := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 2 {
					_, err := g.Send(context.Background(), sms.Message{To: fmt.Sprintf("+452000%02d%d0", w, i), Text: "Husk MamaMove i morgen"})
					if err != nil {
						mu.Lock()
						failed++
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		most, refused = gw.Connections()
		return len(gw.Messages()), failed, most, refused
	}
	accepted, failed, most, refused := send(sms.NewClient(6))
	if accepted != 24 || failed != 0 || refused != 0 || most > 6 {
		t.Errorf("NewClient(6): %d accepted, %d failed, %d connections at most, %d refused; want 24, 0, at most 6, 0", accepted, failed, most, refused)
	}
	_, failed, _, refused = send(&http.Client{Timeout: 5 * time.Second})
	if refused == 0 || failed == 0 {
		t.Errorf("the default client: %d refused, %d failed; the fake's limit does not bite", refused, failed)
	}
}

func TestGatewayAPIWrongTokenIsPermanent(t *testing.T) {
	gw := smstest.New(t)
	g := sms.GatewayAPI{URL: gw.URL, Token: "wrong", Sender: "Nordvest"}
	_, err := g.Send(context.Background(), sms.Message{To: "+4520123456", Text: "hej"})
	if !sms.Permanent(err) {
		t.Fatalf("err = %v, want a permanent failure", err)
	}
	if len(gw.Messages()) != 0 {
		t.Error("a message with a wrong token was recorded")
	}
}

func TestGatewayAPIDownIsRetryableAndThenDelivers(t *testing.T) {
	gw := smstest.New(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	gw.Now = func() time.Time { return now }
	gw.FailBetween(now, now.Add(time.Hour))
	g := sms.GatewayAPI{URL: gw.URL, Token: smstest.Token, Sender: "Nordvest"}
	msg := sms.Message{To: "+4520123456", Text: "hej"}
	_, err := g.Send(context.Background(), msg)
	if err == nil || sms.Permanent(err) {
		t.Fatalf("err = %v while the gateway is down, want a retryable failure", err)
	}
	now = now.Add(time.Hour)
	if _, err := g.Send(context.Background(), msg); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	if n := len(gw.Messages()); n != 1 {
		t.Errorf("gateway recorded %d, want 1", n)
	}
}

func TestGatewayAPINoAnswerIsRetryableAndKeepsTheTextOutOfTheError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.Close() // nobody listens
	g := sms.GatewayAPI{URL: srv.URL, Token: "t", Sender: "Nordvest"}
	_, err := g.Send(context.Background(), sms.Message{To: "+4520123456", Text: "secret text"})
	if err == nil || sms.Permanent(err) {
		t.Fatalf("err = %v, want retryable", err)
	}
	if strings.Contains(err.Error(), "secret text") || strings.Contains(err.Error(), "20123456") {
		t.Errorf("error %q carries the message or number", err)
	}
}

func TestGatewayAPIRefusalByStatus(t *testing.T) {
	for _, tt := range []struct {
		status    int
		permanent bool
	}{{400, true}, {401, true}, {403, true}, {422, true}, {429, false}, {500, false}, {502, false}, {503, false}} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tt.status)
			w.Write([]byte(`{"code":"0x0001","message":"recipient +4520123456 says no"}`))
		}))
		g := sms.GatewayAPI{URL: srv.URL, Token: "t", Sender: "Nordvest"}
		_, err := g.Send(context.Background(), sms.Message{To: "+4520123456", Text: "hej"})
		srv.Close()
		if err == nil || sms.Permanent(err) != tt.permanent {
			t.Errorf("HTTP %d: err = %v, permanent want %v", tt.status, err, tt.permanent)
		}
		if err != nil && strings.Contains(err.Error(), "20123456") {
			t.Errorf("HTTP %d: error %q quotes the gateway's message", tt.status, err)
		}
	}
}

func TestGatewayAPITooManyRequestsSaysHowLongToWait(t *testing.T) {
	for header, want := range map[string]time.Duration{"3": 3 * time.Second, "": 0, "soon": 0} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if header != "" {
				w.Header().Set("Retry-After", header)
			}
			w.WriteHeader(http.StatusTooManyRequests)
		}))
		g := sms.GatewayAPI{URL: srv.URL, Token: "t", Sender: "Nordvest"}
		_, err := g.Send(context.Background(), sms.Message{To: "+4520123456", Text: "hej"})
		srv.Close()
		var rl sms.RateLimited
		if !errors.As(err, &rl) || rl.After != want || sms.Permanent(err) {
			t.Errorf("Retry-After %q: err = %v, want a RateLimited to wait %v", header, err, want)
		}
	}
}

func TestLogSenderHidesNumberAndText(t *testing.T) {
	var buf bytes.Buffer
	l := sms.Log{Logger: slog.New(slog.NewJSONHandler(&buf, nil))}
	if _, err := l.Send(context.Background(), sms.Message{To: "+4520123456", Text: "Hej Amina, du er tilmeldt", Ref: "9"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "Amina") || strings.Contains(out, "201234") || strings.Contains(out, "tilmeldt") {
		t.Errorf("log line carries personal data: %s", out)
	}
	if !strings.Contains(out, `"to":"+45••••••56"`) || !strings.Contains(out, `"parts":1`) {
		t.Errorf("log line lacks the masked number or parts: %s", out)
	}
}

func TestOffSenderRefusesForGood(t *testing.T) {
	_, err := sms.Off{}.Send(context.Background(), sms.Message{To: "+4520123456", Text: "hej"})
	if !errors.Is(err, sms.ErrPermanent) {
		t.Errorf("err = %v, want permanent", err)
	}
}

func TestWebhookSignatureChecksTheSecret(t *testing.T) {
	claims := sms.StatusReport{ID: 1, Status: "DELIVERED"}
	good := sms.Sign(claims, "the-right-secret-123")
	if !sms.VerifySignature(good, "the-right-secret-123") {
		t.Error("a correctly signed webhook did not verify")
	}
	for name, h := range map[string]string{
		"wrong secret": sms.Sign(claims, "another-secret-456"),
		"missing":      "",
		"garbage":      "a.b.c",
		"alg none":     "eyJhbGciOiJub25lIn0." + strings.Split(good, ".")[1] + ".",
	} {
		if sms.VerifySignature(h, "the-right-secret-123") {
			t.Errorf("%s: verified", name)
		}
	}
	if sms.VerifySignature(good, "") {
		t.Error("an empty secret verified a webhook")
	}
}
