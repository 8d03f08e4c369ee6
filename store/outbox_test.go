package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

func msg(key, method, order string, paced bool) store.OutboxMessage {
	return store.OutboxMessage{Key: key, Method: method, OrderKey: order, Paced: paced, Payload: json.RawMessage(`{}`)}
}

// deliverAll sends everything due at now, reporting each message as sent,
// and returns the keys in the order they went.
func deliverAll(t *testing.T, st *store.Store, opt store.ClaimOptions) []string {
	t.Helper()
	var keys []string
	for {
		ok, err := st.DeliverNext(context.Background(), opt, func(_ context.Context, it store.OutboxItem) store.Delivery {
			keys = append(keys, it.Key)
			return store.Delivery{Outcome: store.OutboxSent, At: opt.Now, Channel: it.OrderKey, TS: "1.0"}
		})
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return keys
		}
	}
}

func TestOutboxKeepsOrderPerKeyAndPacesChannels(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	if err := st.EnqueueSlack(ctx,
		msg("c1", "chat.postMessage", "C", true), msg("c2", "chat.update", "C", true),
		msg("h1", "views.publish", "home:U", false), msg("h2", "views.publish", "home:U", false),
		msg("c1", "chat.postMessage", "C", true), // a repeat: dropped
	); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	opt := store.ClaimOptions{Now: now, Pace: time.Second}
	if got := fmt.Sprint(deliverAll(t, st, opt)); got != "[c1 h1 h2]" {
		t.Fatalf("first round sent %s; want the channel's second message held back by the pace", got)
	}
	opt.Now = now.Add(1100 * time.Millisecond)
	if got := fmt.Sprint(deliverAll(t, st, opt)); got != "[c2]" {
		t.Fatalf("second round sent %s", got)
	}
	counts, _ := st.OutboxCounts(ctx)
	if counts["sent"] != 4 || counts["pending"] != 0 {
		t.Fatalf("counts %v", counts)
	}
}

func TestOutboxRetryWaitsAndHoldsBackItsOrderKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	if err := st.EnqueueSlack(ctx, msg("a", "chat.postMessage", "C", false), msg("b", "chat.postMessage", "C", false),
		msg("x", "users.info", "user:U", false)); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	ok, err := st.DeliverNext(ctx, store.ClaimOptions{Now: now}, func(_ context.Context, it store.OutboxItem) store.Delivery {
		return store.Delivery{Outcome: store.OutboxRetry, RetryAt: now.Add(time.Minute), Error: "500"}
	})
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if got := fmt.Sprint(deliverAll(t, st, store.ClaimOptions{Now: now})); got != "[x]" {
		t.Fatalf("while a waits, sent %s; b must wait behind it", got)
	}
	if got := fmt.Sprint(deliverAll(t, st, store.ClaimOptions{Now: now.Add(2 * time.Minute)})); got != "[a b]" {
		t.Fatalf("after the wait, sent %s", got)
	}
	var attempts int
	if err := st.DB().Get(&attempts, `SELECT attempts FROM outbox WHERE dedupe_key = 'a'`); err != nil || attempts != 2 {
		t.Fatalf("attempts %d, %v", attempts, err)
	}
}

func TestOutboxSkipsHeldBackMethodsAndKeepsFailures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	if err := st.EnqueueSlack(ctx, msg("p", "chat.postMessage", "C", false), msg("v", "views.publish", "home:U", false)); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if got := fmt.Sprint(deliverAll(t, st, store.ClaimOptions{Now: now, SkipMethods: []string{"chat.postMessage"}})); got != "[v]" {
		t.Fatalf("sent %s while chat.postMessage is held back", got)
	}
	if _, err := st.DeliverNext(ctx, store.ClaimOptions{Now: now}, func(context.Context, store.OutboxItem) store.Delivery {
		return store.Delivery{Outcome: store.OutboxFailed, Error: "channel_not_found"}
	}); err != nil {
		t.Fatal(err)
	}
	counts, _ := st.OutboxCounts(ctx)
	if counts["failed"] != 1 || counts["sent"] != 1 || counts["pending"] != 0 {
		t.Fatalf("counts %v", counts)
	}
}

func TestOutboxRecordsTheChannelMessageAndTheLocale(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "mamamove", nil)
	res, err := st.CreateReferral(ctx, newReferral(a.ID, "view:V1"), announceOne)
	if err != nil {
		t.Fatal(err)
	}
	info := msg("info", "users.info", "user:U1", false)
	info.TeamID, info.UserID = "T1", "U1"
	if err := st.EnqueueSlack(ctx, info); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := st.DeliverNext(ctx, store.ClaimOptions{Now: time.Now()}, func(_ context.Context, it store.OutboxItem) store.Delivery {
			return store.Delivery{Outcome: store.OutboxSent, At: time.Now(), Channel: "C1", TS: "1700000000.000100", Locale: map[string]string{"users.info": "en-US"}[it.Method]}
		}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := st.ReferralByID(ctx, res.Referral.ID)
	if err != nil || r.SlackChannel != "C1" || r.SlackTS != "1700000000.000100" {
		t.Fatalf("referral %+v, %v", r, err)
	}
	u, err := st.SlackUser(ctx, "T1", "U1")
	if err != nil || u.Locale != "en-US" {
		t.Fatalf("user %+v, %v", u, err)
	}
	// A later update learns where the message is.
	if err := st.EnqueueSlack(ctx, store.OutboxMessage{Key: "upd", Method: "chat.update", OrderKey: "C1",
		Payload: json.RawMessage(`{}`), ReferralID: r.ID}); err != nil {
		t.Fatal(err)
	}
	var seen store.OutboxItem
	st.DeliverNext(ctx, store.ClaimOptions{Now: time.Now()}, func(_ context.Context, it store.OutboxItem) store.Delivery {
		seen = it
		return store.Delivery{Outcome: store.OutboxSent, At: time.Now()}
	})
	if seen.ReferralChannel != "C1" || seen.ReferralTS != "1700000000.000100" {
		t.Fatalf("update saw %+v", seen)
	}
}

func TestTwoWorkersNeverSendOneMessageTwice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	const n = 40
	for i := range n {
		if err := st.EnqueueSlack(ctx, msg(fmt.Sprintf("m%d", i), "chat.postMessage", fmt.Sprintf("C%d", i%4), false)); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	sent := map[string]int{}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ok, err := st.DeliverNext(ctx, store.ClaimOptions{Now: time.Now()}, func(_ context.Context, it store.OutboxItem) store.Delivery {
					time.Sleep(2 * time.Millisecond) // a slow Slack: the other worker must look elsewhere
					mu.Lock()
					sent[it.Key]++
					mu.Unlock()
					return store.Delivery{Outcome: store.OutboxSent, At: time.Now()}
				})
				if err != nil {
					t.Error(err)
					return
				}
				if !ok {
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(sent) != n {
		t.Fatalf("%d distinct messages sent, want %d", len(sent), n)
	}
	for k, c := range sent {
		if c != 1 {
			t.Fatalf("%s sent %d times", k, c)
		}
	}
}
