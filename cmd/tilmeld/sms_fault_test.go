package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/crypt"
	"github.com/beboerprojekt-nordvest/tilmeld/sms"
	"github.com/beboerprojekt-nordvest/tilmeld/sms/smstest"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// sharedPhone gets many messages among the others, to check their order.
const sharedPhone = "+4529990000"

// TestTwoInstancesAndSIGKILLsSendEverySMSInOrderPerPhone queues 2,000
// SMS (most to their own fake number, 40 to one number) while two real
// `tilmeld serve` processes share the database and the fake gateway, and
// SIGKILLs each of them once in the middle of sending, starting it again
// afterwards. Every message reaches the gateway, the one number's
// messages arrive in the order queued, and a message goes twice only in
// the window the queue cannot close (queue's package comment): the
// gateway accepted it and the process died before recording that. That
// window repeats at most the messages a killed process had in flight, one
// per SMS worker, so there are at most kills × conns repeats, and a
// repeat follows its original directly. The fake refuses connections
// beyond GatewayAPI's documented 40, and both instances together stay
// within them.
func TestTwoInstancesAndSIGKILLsSendEverySMSInOrderPerPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the service twice")
	}
	t.Parallel()
	const total, onShared, kills, conns = 2000, 40, 2, 8
	bin := buildService(t)
	dbURL := storetest.NewDatabase(t)
	key := make([]byte, 32)
	rand.Read(key)
	dataKey := base64.StdEncoding.EncodeToString(key)
	gw := smstest.New(t)
	gw.LimitConnections(sms.MaxConnections)
	env := []string{"DATABASE_URL=" + dbURL, "TILMELD_DATA_KEY=" + dataKey,
		"TILMELD_SMS=gatewayapi", "GATEWAYAPI_URL=" + gw.URL, "GATEWAYAPI_TOKEN=" + smstest.Token,
		"TILMELD_SMS_SENDER=Nordvest", "TILMELD_SMS_WEBHOOK_SECRET=test-webhook-secret-0123",
		"TILMELD_SMS_CONTACT=+45 38 12 34 56", fmt.Sprintf("TILMELD_SMS_CONNECTIONS=%d", conns)}
	svcs := []*service{startService(t, bin, env...), startService(t, bin, env...)}

	st := openWithKey(t, dbURL, dataKey)
	queueSMS(t, st, total, onShared)

	for k := range kills {
		// Kill while the queue is busy: a third, then two thirds in.
		gw.WaitFor(total*(k+1)/(kills+1), time.Minute)
		victim := svcs[k%2]
		if err := victim.cmd.Process.Kill(); err != nil { // SIGKILL: no draining, no goodbye
			t.Fatal(err)
		}
		victim.cmd.Wait()
		svcs[k%2] = startService(t, bin, env...)
	}

	got := waitAllSent(t, st, gw, total)
	refs := map[string]int{}
	for _, m := range got {
		refs[m.UserRef]++
	}
	if len(refs) != total {
		t.Fatalf("the gateway got %d distinct messages, want %d", len(refs), total)
	}
	repeats := len(got) - len(refs)
	t.Logf("%d messages, %d SIGKILLs: %d sent twice (accepted by the gateway, not yet recorded when killed); %d attempts",
		total, kills, repeats, gw.Attempts())
	if repeats > kills*conns {
		t.Errorf("%d messages sent twice with %d kills: more than the %d in flight per kill", repeats, kills, conns)
	}
	most, refused := gw.Connections()
	t.Logf("at most %d connections open at the gateway at once (two instances, %d each)", most, conns)
	if refused > 0 {
		t.Errorf("the gateway refused %d connections beyond its %d", refused, sms.MaxConnections)
	}
	for ref, n := range refs {
		if n > 1 {
			t.Logf("outbox message %s reached the gateway %d times", ref, n)
		}
	}
	checkOrder(t, gw.To(sharedPhone), onShared)
}

func openWithKey(t *testing.T, dbURL, dataKey string) *store.Store {
	t.Helper()
	k, err := crypt.ParseKey(dataKey)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), dbURL, store.WithKeys(crypt.NewKeyring(k)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// queueSMS queues total messages, every 50th to sharedPhone (numbered in
// the order queued), the rest each to a number of its own.
func queueSMS(t *testing.T, st *store.Store, total, onShared int) {
	t.Helper()
	var batch []store.OutboxMessage
	shared := 0
	for i := range total {
		to, text := fmt.Sprintf("+4526%06d", i), fmt.Sprintf("Nordvest: Husk MamaMove i morgen 17:00. Besked %d", i)
		if i%(total/onShared) == 0 && shared < onShared {
			to, text = sharedPhone, fmt.Sprintf("Nordvest: besked nr. %d til samme nummer", shared)
			shared++
		}
		kind := "reminder"
		if i%2 == 1 {
			kind = "confirmation"
		}
		batch = append(batch, store.OutboxMessage{Channel: store.ChannelSMS, Key: fmt.Sprintf("fault:%d", i), Kind: kind, To: to, Text: text})
		if len(batch) == 250 || i == total-1 {
			if err := st.Enqueue(context.Background(), batch...); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

// waitAllSent waits until the outbox has nothing pending and returns what
// the gateway got.
func waitAllSent(t *testing.T, st *store.Store, gw *smstest.Server, total int) []smstest.Message {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		var pending, sent int
		if err := st.DB().Get(&pending, `SELECT count(*) FROM outbox WHERE channel = 'sms' AND state = 'pending'`); err != nil {
			t.Fatal(err)
		}
		if err := st.DB().Get(&sent, `SELECT count(*) FROM outbox WHERE channel = 'sms' AND state = 'sent'`); err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			if sent != total {
				t.Fatalf("%d of %d messages recorded as sent, none pending", sent, total)
			}
			return gw.Messages()
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d messages still pending after 3 minutes; the gateway got %d", pending, len(gw.Messages()))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkOrder says whether one phone's messages arrived in the order
// queued: each is the next one, or a repeat of the one just before.
func checkOrder(t *testing.T, msgs []smstest.Message, n int) {
	t.Helper()
	last := -1
	var seq []int
	for _, m := range msgs {
		i, err := strconv.Atoi(strings.Fields(strings.TrimPrefix(m.Text, "Nordvest: besked nr. "))[0])
		if err != nil {
			t.Fatalf("unexpected text %q", m.Text)
		}
		seq = append(seq, i)
		if i != last+1 && i != last {
			t.Errorf("one phone's messages arrived as %v, want 0…%d in order", seq, n-1)
			return
		}
		last = i
	}
	if last != n-1 {
		t.Errorf("one phone got %v, want 0…%d", seq, n-1)
	}
}
