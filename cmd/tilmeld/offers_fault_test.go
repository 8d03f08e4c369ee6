package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/sms/smstest"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
	"github.com/jmoiron/sqlx"
)

// offerFixture is offerActivities full activities of one place each,
// whose one place is held by an offer that ran out a minute ago; two more
// wait behind her. It returns the next-in-line's and the third's numbers.
const offerActivities = 150

func offerFixture(t *testing.T, dbURL string) (next, third map[string]bool) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dbURL, storetest.WithKeys())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSMSEnabled(ctx, true); err != nil {
		t.Fatal(err)
	}
	next, third = map[string]bool{}, map[string]bool{}
	for k := range offerActivities {
		cap1 := 1
		a := domain.Activity{Slug: fmt.Sprintf("tilbud-%03d", k), Area: domain.AreaEducation, Capacity: &cap1, Open: true,
			Texts:    domain.Texts{Title: domain.Text{"da": fmt.Sprintf("Prøvehold %d", k)}},
			StartsOn: time.Now().AddDate(0, 1, 0),
			Form:     domain.Form{Fields: []domain.Field{{Key: "name", Type: domain.FieldText, Required: true}}}}
		id, err := st.CreateActivity(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		var sus []domain.Signup
		for j := range 4 {
			phone := fmt.Sprintf("+45%08d", 22330000+k*10+j)
			res, err := st.CreateSignup(ctx, domain.Signup{ActivityID: id, IdempotencyKey: fmt.Sprintf("tilbud-%d-%d", k, j),
				Name: fmt.Sprintf("Testperson %d-%d", k, j), Phone: phone, Answers: domain.Answers{"name": "x"}, Lang: "da",
				ConsentVersion: domain.ConsentVersion, ConsentedAt: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			sus = append(sus, res.Signup)
		}
		// The one holding the place cancels: the first in line is offered it.
		if _, err := st.CancelSignup(ctx, sus[0].CancelToken); err != nil {
			t.Fatal(err)
		}
		next[sus[2].Phone], third[sus[3].Phone] = true, true
	}
	// Her offer ran out a minute ago (a way to fake the clock), and what
	// was queued so far is sent already.
	if _, err := st.DB().Exec(`UPDATE signups SET offer_expires_at = now() - interval '1 minute'
		WHERE status = 'waitlisted' AND offer_expires_at IS NOT NULL`); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`DELETE FROM outbox`); err != nil {
		t.Fatal(err)
	}
	return next, third
}

// launch starts `tilmeld serve` without waiting for it to be ready.
func launch(t *testing.T, bin string, env ...string) *exec.Cmd {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), append([]string{"TILMELD_ADDR=" + addr, "TILMELD_BASE_URL=http://" + addr,
		"TILMELD_LOG_LEVEL=info"}, env...)...)
	logs := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("log of %s:\n%s", addr, logs.String())
		}
	})
	return cmd
}

// lockedBuffer collects a process's output.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestOfferExpiryPassesThePlaceOnExactlyOnceWithTwoInstancesAndASIGKILL
// runs two `tilmeld serve` processes on one database full of offers that
// ran out, and kills one with SIGKILL while they pass them on: each next
// in line gets exactly one offer SMS, nobody behind her gets one, and no
// activity holds more places than it has.
func TestOfferExpiryPassesThePlaceOnExactlyOnceWithTwoInstancesAndASIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the service")
	}
	t.Parallel()
	bin := buildService(t)
	dbURL := storetest.NewDatabase(t)
	next, third := offerFixture(t, dbURL)
	gw := smstest.New(t)
	env := []string{"TILMELD_DATA_KEY=" + storetest.TestKey,
		"TILMELD_SMS=gatewayapi", "GATEWAYAPI_URL=" + gw.URL, "GATEWAYAPI_TOKEN=" + smstest.Token,
		"TILMELD_SMS_SENDER=Nordvest", "TILMELD_SMS_CONTACT=+45 38 12 34 56", "TILMELD_SMS_WEBHOOK_SECRET=test-webhook-secret"}
	db := openDB(t, dbURL)
	passed := func() int {
		var n int
		if err := db.Get(&n, `SELECT count(*) FROM signups WHERE offer_outcome = 'expired'`); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Each instance names itself to Postgres, so the test can tell which
	// one holds the activities' locks: the one passing the offers on.
	sep := "?"
	if strings.Contains(dbURL, "?") {
		sep = "&"
	}
	procs := map[string]*exec.Cmd{}
	for _, name := range []string{"tilmeld-a", "tilmeld-b"} {
		procs[name] = launch(t, bin, append(env, "DATABASE_URL="+dbURL+sep+"application_name="+name)...)
	}
	// SIGKILL whichever instance is passing the offers on, in the middle of
	// it: its transaction holds activity locks and has not committed.
	var victim string
	for deadline := time.Now().Add(60 * time.Second); victim == ""; time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no instance began passing offers on within a minute (%d passed)", passed())
		}
		db.Get(&victim, `SELECT a.application_name FROM pg_locks l
			JOIN pg_class c ON c.oid = l.relation JOIN pg_stat_activity a ON a.pid = l.pid
			WHERE c.relname = 'activities' AND l.mode = 'RowShareLock' AND a.application_name LIKE 'tilmeld-%' LIMIT 1`)
	}
	time.Sleep(20 * time.Millisecond) // into the pass, not at its first lock
	killedAt := passed()
	if err := procs[victim].Process.Kill(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if passed() == offerActivities && countTo(gw, next) == offerActivities {
			break
		}
		if time.Now().After(deadline) {
			var states []string
			db.Select(&states, `SELECT kind || ' ' || state || ' ' || last_error || ' ' || n FROM (
				SELECT kind, state, last_error, count(*) AS n FROM outbox GROUP BY 1, 2, 3) x`)
			t.Logf("outbox: %q", states)
			t.Fatalf("after a minute and a half: %d offers passed on, %d next in line told; want %d each",
				passed(), countTo(gw, next), offerActivities)
		}
	}
	time.Sleep(2 * time.Second) // a second offer, if any, has time to go too
	t.Logf("SIGKILL to %s while it passed offers on, %d of %d committed then; gateway got %d messages",
		victim, killedAt, offerActivities, len(gw.Messages()))
	if killedAt >= offerActivities {
		t.Errorf("the kill came after all %d offers were passed on: not in the middle", offerActivities)
	}
	got := map[string]int{}
	for _, m := range gw.Messages() {
		got[m.To]++
		switch {
		case third[m.To]:
			t.Errorf("%s, second behind, got an SMS: %q", m.To, m.Text)
		case !next[m.To]:
			t.Errorf("SMS to %s, who is not next in line: %q", m.To, m.Text)
		case !strings.Contains(m.Text, "hvis du svarer senest"):
			t.Errorf("SMS to %s is not an offer: %q", m.To, m.Text)
		}
	}
	for phone := range next {
		if got[phone] != 1 {
			t.Errorf("%s, next in line, got %d offer SMS; want exactly 1", phone, got[phone])
		}
	}
	var over []string
	if err := db.Select(&over, `SELECT slug FROM activities
		WHERE capacity IS NOT NULL AND confirmed_count + offered_count > capacity`); err != nil {
		t.Fatal(err)
	}
	if len(over) > 0 {
		t.Errorf("activities holding more places than they have: %v", over)
	}
	var offers, held int
	db.Get(&offers, `SELECT count(*) FROM outbox WHERE kind = 'offer'`)
	db.Get(&held, `SELECT count(*) FROM signups WHERE status = 'waitlisted' AND offer_expires_at > now()`)
	if offers != offerActivities || held != offerActivities {
		t.Errorf("%d offer SMS queued and %d offers open; want %d each", offers, held, offerActivities)
	}
}

func openDB(t *testing.T, dbURL string) *sqlx.DB {
	t.Helper()
	db, err := sqlx.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func countTo(gw *smstest.Server, phones map[string]bool) int {
	n := 0
	for _, m := range gw.Messages() {
		if phones[m.To] {
			n++
		}
	}
	return n
}
