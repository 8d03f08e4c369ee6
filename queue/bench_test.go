package queue_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/notify"
	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/sms"
	"github.com/beboerprojekt-nordvest/tilmeld/sms/smstest"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// TestTenThousandSMSDueAtOnce hands 10,000 messages, all due in the same
// minute and to different phones, to the fake gateway with several
// workers, and reports how long it took. It runs only with
// TILMELD_SMS_BENCH=1 (BENCHMARKS.md): it is a measurement, not a check
// to run on every change. TILMELD_SMS_BENCH_WORKERS sets the workers (4).
func TestTenThousandSMSDueAtOnce(t *testing.T) {
	if os.Getenv("TILMELD_SMS_BENCH") != "1" {
		t.Skip("set TILMELD_SMS_BENCH=1 to measure")
	}
	workers := 4
	if n, err := strconv.Atoi(os.Getenv("TILMELD_SMS_BENCH_WORKERS")); err == nil && n > 0 {
		workers = n
	}
	total := 10000
	if n, err := strconv.Atoi(os.Getenv("TILMELD_SMS_BENCH_N")); err == nil && n > 0 {
		total = n
	}
	st := storetest.New(t)
	gw := smstest.New(t)
	due := time.Now().Add(time.Minute).Truncate(time.Minute)
	ctx := context.Background()
	var batch []store.OutboxMessage
	for i := range total {
		m := smsMsg(fmt.Sprintf("reminder:%d", i), fmt.Sprintf("+4521%06d", i), "Nordvest: Husk MamaMove i morgen 17:00, Biblioteket. Ref. K7M2QX\nAfmeld: tilmeld.nordvest.dk/m/abcdefgh\nSpørgsmål: +45 38 12 34 56")
		m.Kind, m.RunAt = "reminder", due.Add(time.Duration(i%60)*time.Second)
		batch = append(batch, m)
		if len(batch) == 500 {
			if err := st.Enqueue(ctx, batch...); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	c := &clock{now: due.Add(time.Minute)}
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		w := smsWorker(st, gw, c, quiet())
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				sent, err := w.Step(ctx)
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
	took := time.Since(start)
	got := len(gw.Messages())
	t.Logf("%d messages handed to the fake gateway by %d workers in %v (%.0f a second)", got, workers, took.Round(time.Millisecond), float64(got)/took.Seconds())
	if got != total {
		t.Fatalf("gateway got %d, want %d", got, total)
	}
	if took > time.Minute {
		t.Errorf("took %v, more than a minute", took)
	}
}

// TestTenThousandRemindersDueAtOnceAtTheGatewaysRate is the issue's
// measure: 10,000 residents signed up (store.CreateSignup) for one
// session, their reminders queued by store.QueueReminders all for the same
// minute, and sent as the service sends them (each reminder's text written
// at send time by notify.Renderer) to the fake gateway. With
// TILMELD_SMS_BENCH_RATE=R the fake takes at most R requests a second and
// answers the rest 429 with a Retry-After, and the channel paces itself at
// 95 % of R (TILMELD_SMS_BENCH_PACE=0: not at all, leaving it to the
// 429s); unset, neither limits. The fake always refuses connections beyond
// GatewayAPI's documented 40, and answers each request after
// TILMELD_SMS_BENCH_LATENCY_MS milliseconds (100), as a gateway across the
// internet would. It runs only with TILMELD_SMS_BENCH=1 (BENCHMARKS.md).
// TILMELD_SMS_BENCH_WORKERS sets the workers and their connections
// (sms.DefaultConnections, as tilmeld serve), TILMELD_SMS_BENCH_N the
// residents (10,000).
func TestTenThousandRemindersDueAtOnceAtTheGatewaysRate(t *testing.T) {
	if os.Getenv("TILMELD_SMS_BENCH") != "1" {
		t.Skip("set TILMELD_SMS_BENCH=1 to measure")
	}
	workers, total, rate := benchEnv("TILMELD_SMS_BENCH_WORKERS", sms.DefaultConnections), benchEnv("TILMELD_SMS_BENCH_N", 10000), benchEnv("TILMELD_SMS_BENCH_RATE", 0)
	latency := time.Duration(benchEnv("TILMELD_SMS_BENCH_LATENCY_MS", 100)) * time.Millisecond
	if os.Getenv("TILMELD_SMS_BENCH_LATENCY_MS") == "0" {
		latency = 0
	}
	ctx := context.Background()
	st := storetest.New(t)
	// As tilmeld serve's pool (store.WithExtraConns): two a worker more.
	st.DB().SetMaxOpenConns(store.DefaultMaxConns + 2*workers)
	st.DB().SetMaxIdleConns(store.DefaultMaxConns + 2*workers)
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	// A session tomorrow at 17:00: its reminders are due today at 17:00,
	// outside the quiet hours, all in the same minute.
	tomorrow := time.Now().In(cph).AddDate(0, 0, 1)
	session := time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day(), 17, 0, 0, 0, cph)
	a := domain.Activity{Slug: "mamamove-bench", Area: domain.AreaEducation, Open: true,
		Texts:    domain.Texts{Title: domain.Text{"da": "MamaMove", "en": "MamaMove"}, Place: domain.Text{"da": "Biblioteket"}},
		StartsOn: session, Sessions: []domain.Session{{StartsAt: session, Minutes: 90}},
		Form: domain.Form{Fields: []domain.Field{{Key: "name", Type: domain.FieldText, Required: true}}}}
	id, err := st.CreateActivity(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSMSReminder(ctx, id, domain.ReminderDayBefore); err != nil {
		t.Fatal(err)
	}
	signUpMany(t, st, id, total) // with SMS off: no confirmations in the way
	if err := st.SetSMSEnabled(ctx, true); err != nil {
		t.Fatal(err)
	}
	queued, err := st.QueueReminders(ctx, time.Now(), 48*time.Hour, cph)
	if err != nil || queued != total {
		t.Fatalf("queued %d reminders (%v), want %d", queued, err, total)
	}
	var minutes int
	st.DB().Get(&minutes, `SELECT count(DISTINCT date_trunc('minute', run_at)) FROM outbox WHERE kind = 'reminder'`)
	if minutes != 1 {
		t.Fatalf("reminders due in %d different minutes, want 1", minutes)
	}

	gw := smstest.New(t)
	gw.LimitConnections(sms.MaxConnections)
	gw.SetLatency(latency)
	if rate > 0 {
		gw.LimitRate(rate, time.Second)
	}
	// The workers' clock runs from just after the due minute, at the
	// speed of the wall clock the gateway counts its rate by.
	due, _ := domain.ReminderDayBefore.Before(session, cph)
	offset := time.Until(due.Add(time.Minute))
	now := func() time.Time { return time.Now().Add(offset) }
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	r := notify.Renderer{Store: st, Bundle: bundle, BaseURL: "https://tilmeld.example.dk", Plan: "Nordvest",
		Contact: "+45 38 12 34 56", TZ: cph, Now: now}
	ch := &queue.SMS{Sender: sms.GatewayAPI{URL: gw.URL, Token: smstest.Token, Sender: "Nordvest", Client: sms.NewClient(workers)}, Log: quiet(),
		Now: now, Render: r.Render, Rate: 0.95 * float64(rate)}
	if os.Getenv("TILMELD_SMS_BENCH_PACE") == "0" {
		ch.Rate = 0
	}
	runCtx, stop := context.WithCancel(ctx)
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		w := queue.New(st, quiet(), queue.Options{Now: now, Poll: 50 * time.Millisecond}, ch)
		wg.Add(1)
		go func() { defer wg.Done(); w.Run(runCtx) }()
	}
	got := gw.WaitFor(total, 10*time.Minute)
	stop()
	wg.Wait()
	if len(got) == 0 {
		t.Fatal("nothing reached the gateway")
	}
	took := got[len(got)-1].At.Sub(start)
	most, refused := gw.Connections()
	t.Logf("%d reminders handed to the fake gateway by %d workers in %v (%.0f a second; fastest second %d); each answered after %v; limit %s, paced at %.0f a second, %d requests refused with 429; %d connections open at most, %d refused",
		len(got), workers, took.Round(time.Millisecond), float64(len(got))/took.Seconds(), busiestSecond(got), latency, rateName(rate), ch.Rate, gw.Limited(), most, refused)
	if refused > 0 {
		t.Errorf("the gateway refused %d connections beyond its %d", refused, sms.MaxConnections)
	}
	var marks []string
	for i := len(got) / 10; i <= len(got); i += max(1, len(got)/10) {
		marks = append(marks, fmt.Sprintf("%d at %.1fs", i, got[i-1].At.Sub(start).Seconds()))
	}
	t.Logf("progress: %s", strings.Join(marks, ", "))
	if len(got) != total {
		t.Fatalf("gateway got %d, want %d", len(got), total)
	}
	for _, m := range got[:1] {
		if !strings.Contains(m.Text, "MamaMove") || !strings.Contains(m.Text, "tilmeld.example.dk/m/") {
			t.Errorf("a reminder reads %q, want the activity and her link", m.Text)
		}
	}
	if took > time.Minute {
		t.Errorf("took %v, more than a minute", took)
	}
}

func benchEnv(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func rateName(rate int) string {
	if rate == 0 {
		return "none"
	}
	return fmt.Sprintf("%d requests a second", rate)
}

// signUpMany signs n residents up, 64 at a time, each with her own mobile number.
func signUpMany(t *testing.T, st *store.Store, activityID int64, n int) {
	t.Helper()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				su := domain.Signup{ActivityID: activityID, IdempotencyKey: fmt.Sprintf("bench-%d", i),
					Name: fmt.Sprintf("Testperson %d", i), Phone: fmt.Sprintf("+4526%06d", i),
					Answers: domain.Answers{"name": "x"}, Lang: "da", ConsentVersion: domain.ConsentVersion, ConsentedAt: time.Now()}
				if _, err := st.CreateSignup(context.Background(), su); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// busiestSecond is the most messages the gateway accepted in any one
// second since the first.
func busiestSecond(msgs []smstest.Message) int {
	most, from := 0, 0
	for i, m := range msgs {
		for m.At.Sub(msgs[from].At) >= time.Second {
			from++
		}
		most = max(most, i-from+1)
	}
	return most
}
