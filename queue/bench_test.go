package queue_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

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
