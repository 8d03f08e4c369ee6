package queue_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/crypt"
	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/sms"
	"github.com/beboerprojekt-nordvest/tilmeld/sms/smstest"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// clock is a fake clock shared by the workers and the fake gateway.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func smsWorker(st *store.Store, gw *smstest.Server, c *clock, log *slog.Logger) *queue.Worker {
	ch := &queue.SMS{Sender: sms.GatewayAPI{URL: gw.URL, Token: smstest.Token, Sender: "Nordvest"}, Log: log, Now: c.Now}
	return queue.New(st, log, queue.Options{Now: c.Now}, ch)
}

// drain steps the workers until nothing is due at the clock's time.
func drain(t *testing.T, ws ...*queue.Worker) {
	t.Helper()
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				sent, err := w.Step(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				if !sent {
					return
				}
			}
		}()
	}
	wg.Wait()
}

func smsMsg(key, to, text string) store.OutboxMessage {
	return store.OutboxMessage{Channel: store.ChannelSMS, Key: key, Kind: "confirmation", To: to, Text: text}
}

func TestSMSGoesOnceAndIsSealedWhileQueued(t *testing.T) {
	st := storetest.New(t)
	gw := smstest.New(t)
	c := &clock{now: time.Now().Add(time.Minute)}
	ctx := context.Background()
	if err := st.Enqueue(ctx, smsMsg("confirm:1", "+4520123456", "Du er tilmeldt Mødregruppe")); err != nil {
		t.Fatal(err)
	}
	var stored string
	if err := st.DB().Get(&stored, `SELECT sms_to || sms_text FROM outbox`); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stored, "20123456") || strings.Contains(stored, "tilmeldt") {
		t.Fatalf("queued SMS stored in the clear: %q", stored)
	}
	// The same key again (a retried request) is dropped.
	if err := st.Enqueue(ctx, smsMsg("confirm:1", "+4520123456", "Du er tilmeldt Mødregruppe")); err != nil {
		t.Fatal(err)
	}
	drain(t, smsWorker(st, gw, c, quiet()))
	got := gw.Messages()
	if len(got) != 1 || got[0].To != "+4520123456" || got[0].Text != "Du er tilmeldt Mødregruppe" {
		t.Fatalf("gateway got %+v, want the one message", got)
	}
	var left string
	if err := st.DB().Get(&left, `SELECT state || ':' || sms_to || sms_text || ':' || parts FROM outbox`); err != nil {
		t.Fatal(err)
	}
	if left != "sent::1" {
		t.Errorf("after sending the row is %q, want sent with number and text emptied and 1 part", left)
	}
}

func TestSMSWaitsForItsRunAt(t *testing.T) {
	st := storetest.New(t)
	gw := smstest.New(t)
	c := &clock{now: time.Now()}
	m := smsMsg("reminder:1", "+4520123456", "I morgen kl. 17")
	m.RunAt = c.Now().Add(time.Hour)
	if err := st.Enqueue(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	w := smsWorker(st, gw, c, quiet())
	drain(t, w)
	if n := len(gw.Messages()); n != 0 {
		t.Fatalf("sent %d before its time", n)
	}
	c.Add(time.Hour)
	drain(t, w)
	if n := len(gw.Messages()); n != 1 {
		t.Fatalf("sent %d at its time, want 1", n)
	}
}

func TestSlackOnlyWorkerLeavesSMSAlone(t *testing.T) {
	st := storetest.New(t)
	if err := st.Enqueue(context.Background(), smsMsg("x", "+4520123456", "hej")); err != nil {
		t.Fatal(err)
	}
	sent, err := st.DeliverNext(context.Background(), store.ClaimOptions{Now: time.Now()}, func(context.Context, store.OutboxItem) store.Delivery {
		t.Error("a worker without SMS claimed an SMS")
		return store.Delivery{}
	})
	if err != nil || sent {
		t.Errorf("sent %v, err %v", sent, err)
	}
}

// The gateway is down for an hour of the workers' time while two workers
// keep trying: afterwards every message has gone exactly once, and each
// phone's messages arrived in the order they were queued.
func TestGatewayDownForAnHourEveryMessageOnceInOrderPerPhone(t *testing.T) {
	st := storetest.New(t)
	gw := smstest.New(t)
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := &clock{now: start}
	gw.Now = c.Now
	gw.FailBetween(start, start.Add(time.Hour))
	phones := []string{"+4520000001", "+4520000002", "+4520000003", "+4520000004", "+4520000005"}
	const perPhone = 6
	var msgs []store.OutboxMessage
	for i := range perPhone {
		for _, p := range phones {
			m := smsMsg(fmt.Sprintf("%s:%d", p, i), p, fmt.Sprintf("besked %d", i))
			m.RunAt = start
			msgs = append(msgs, m)
		}
	}
	if err := st.Enqueue(context.Background(), msgs...); err != nil {
		t.Fatal(err)
	}
	w1, w2 := smsWorker(st, gw, c, quiet()), smsWorker(st, gw, c, quiet())
	for c.Now().Before(start.Add(2 * time.Hour)) {
		drain(t, w1, w2)
		c.Add(30 * time.Second)
	}
	got := gw.Messages()
	if len(got) != len(msgs) {
		t.Fatalf("gateway accepted %d messages, want %d (attempts %d)", len(got), len(msgs), gw.Attempts())
	}
	if gw.Attempts() <= len(msgs) {
		t.Errorf("only %d attempts: the outage was never hit", gw.Attempts())
	}
	for _, p := range phones {
		var texts []string
		for _, m := range gw.To(p) {
			texts = append(texts, m.Text)
		}
		for i, tx := range texts {
			if want := fmt.Sprintf("besked %d", i); tx != want {
				t.Errorf("%s got %v, want besked 0…%d in order", sms.MaskNumber(p), texts, perPhone-1)
				break
			}
		}
	}
	for _, m := range got {
		if m.At.Before(start.Add(time.Hour)) {
			t.Errorf("a message was accepted at %v, inside the outage", m.At)
		}
	}
}

func TestRefusedSMSIsNotRetried(t *testing.T) {
	st := storetest.New(t)
	gw := smstest.New(t)
	c := &clock{now: time.Now().Add(time.Minute)}
	if err := st.Enqueue(context.Background(), smsMsg("a", "+4520123456", "hej")); err != nil {
		t.Fatal(err)
	}
	ch := &queue.SMS{Sender: sms.GatewayAPI{URL: gw.URL, Token: "wrong", Sender: "Nordvest"}, Log: quiet(), Now: c.Now}
	w := queue.New(st, quiet(), queue.Options{Now: c.Now}, ch)
	drain(t, w)
	c.Add(time.Hour)
	drain(t, w)
	if n := gw.Attempts(); n != 1 {
		t.Errorf("%d attempts with a refused token, want 1", n)
	}
	var state string
	st.DB().Get(&state, `SELECT state FROM outbox`)
	if state != "failed" {
		t.Errorf("state %q, want failed", state)
	}
}

// An SMS queued under one data key still goes, with the right text to the
// right number, after the keys are rotated and the old key is retired.
func TestQueuedSMSGoesAfterKeyRotationAndRetiredKey(t *testing.T) {
	ctx := context.Background()
	dbURL := storetest.NewDatabase(t)
	oldKey, _ := crypt.ParseKey(crypt.GenerateKey())
	newKey, _ := crypt.ParseKey(crypt.GenerateKey())
	open := func(keys ...*crypt.Key) *store.Store {
		st, err := store.Open(ctx, dbURL, store.WithKeys(crypt.NewKeyring(keys[0], keys[1:]...)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	before := open(oldKey)
	if err := before.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"+4520111111": "Du er tilmeldt Mødregruppe", "+4520222222": "مرحبا، أنت مسجلة", "+4520333333": "Husk i morgen kl. 17"}
	for to, text := range want {
		if err := before.Enqueue(ctx, smsMsg("k:"+to, to, text)); err != nil {
			t.Fatal(err)
		}
	}
	res, err := open(newKey, oldKey).RotateKeys(ctx, 2) // small batches: the loop must go round
	if err != nil {
		t.Fatal(err)
	}
	if res.SMS != len(want) {
		t.Errorf("rotation re-sealed %d queued SMS, want %d", res.SMS, len(want))
	}
	after := open(newKey) // the old key is retired
	gw := smstest.New(t)
	c := &clock{now: time.Now().Add(time.Minute)}
	drain(t, smsWorker(after, gw, c, quiet()))
	got := gw.Messages()
	if len(got) != len(want) {
		t.Fatalf("gateway got %d messages, want %d", len(got), len(want))
	}
	for _, m := range got {
		if want[m.To] != m.Text {
			t.Errorf("%s got %q, want %q", sms.MaskNumber(m.To), m.Text, want[m.To])
		}
	}
	var failed int
	after.DB().Get(&failed, `SELECT count(*) FROM outbox WHERE state <> 'sent'`)
	if failed != 0 {
		t.Errorf("%d messages not sent", failed)
	}
}

// The gateway takes 5 requests a second of its clock and answers the rest
// 429 with a Retry-After. Two workers hold every SMS back while it lasts
// instead of each collecting refusals, and every message goes once.
func TestGatewayRateLimitHoldsTheQueueBackAndEveryMessageGoesOnce(t *testing.T) {
	st := storetest.New(t)
	gw := smstest.New(t)
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := &clock{now: start}
	gw.Now = c.Now
	gw.LimitRate(5, time.Second)
	const total = 20
	var msgs []store.OutboxMessage
	for i := range total {
		m := smsMsg(fmt.Sprintf("k%d", i), fmt.Sprintf("+45261000%02d", i), fmt.Sprintf("besked %d", i))
		m.RunAt = start
		msgs = append(msgs, m)
	}
	if err := st.Enqueue(context.Background(), msgs...); err != nil {
		t.Fatal(err)
	}
	ch := &queue.SMS{Sender: sms.GatewayAPI{URL: gw.URL, Token: smstest.Token, Sender: "Nordvest"}, Log: quiet(), Now: c.Now}
	w1, w2 := queue.New(st, quiet(), queue.Options{Now: c.Now}, ch), queue.New(st, quiet(), queue.Options{Now: c.Now}, ch)
	seconds := 0
	for len(gw.Messages()) < total && seconds < 30 {
		drain(t, w1, w2)
		c.Add(time.Second)
		seconds++
	}
	got := gw.Messages()
	refs := map[string]bool{}
	for _, m := range got {
		refs[m.UserRef] = true
	}
	if len(got) != total || len(refs) != total {
		t.Fatalf("gateway accepted %d messages (%d distinct) in %d s, want %d once each", len(got), len(refs), seconds, total)
	}
	// Each worker may have one request under way when the other is told
	// to wait: at most two refusals a second, not one per message due.
	if n := gw.Limited(); n > 2*seconds {
		t.Errorf("%d requests refused with 429 in %d s: the workers did not hold back", n, seconds)
	}
	t.Logf("%d messages in %d s of gateway time, %d refused with 429", total, seconds, gw.Limited())
}

// With Rate set, the channel paces its sends to stay under a gateway's
// rate, whichever of its workers sends: no 429 at all.
func TestSMSRatePacesSendsUnderTheGatewaysLimit(t *testing.T) {
	st := storetest.New(t)
	gw := smstest.New(t)
	gw.LimitRate(50, time.Second) // on the wall clock
	const total = 60
	var msgs []store.OutboxMessage
	for i := range total {
		msgs = append(msgs, smsMsg(fmt.Sprintf("k%d", i), fmt.Sprintf("+45261000%02d", i), "hej"))
	}
	if err := st.Enqueue(context.Background(), msgs...); err != nil {
		t.Fatal(err)
	}
	ch := &queue.SMS{Sender: sms.GatewayAPI{URL: gw.URL, Token: smstest.Token, Sender: "Nordvest"}, Log: quiet(), Rate: 40}
	later := func() time.Time { return time.Now().Add(time.Minute) }
	var ws []*queue.Worker
	for range 4 {
		ws = append(ws, queue.New(st, quiet(), queue.Options{Now: later}, ch))
	}
	began := time.Now()
	drain(t, ws...)
	took := time.Since(began)
	if n := len(gw.Messages()); n != total {
		t.Fatalf("gateway accepted %d, want %d (%d refused)", n, total, gw.Limited())
	}
	if n := gw.Limited(); n != 0 {
		t.Errorf("%d requests refused with 429: pacing at 40 a second should stay under 50", n)
	}
	if took < time.Second {
		t.Errorf("60 messages at 40 a second took %v, want about 1.5 s", took)
	}
}
