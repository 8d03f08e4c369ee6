package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"sync"
	"time"
)

// faults plays the faults during the run: instances killed with SIGKILL
// and started again, the database restarted (when the script runs its
// own), and the fake Slack failing in several ways.
type faults struct {
	instances  []*instance
	fake       *fakeSlack
	pgctl      string // a script taking "stop" or "start"; "" when the server is shared
	killEvery  time.Duration
	slackEvery time.Duration

	mu     sync.Mutex
	events []faultEvent
	errs   []string
}

type faultEvent struct {
	At   time.Time
	Kind string
	Took time.Duration
}

func (f *faults) note(kind string, start time.Time) {
	f.mu.Lock()
	f.events = append(f.events, faultEvent{At: start, Kind: kind, Took: time.Since(start)})
	f.mu.Unlock()
}

func (f *faults) fail(format string, args ...any) {
	f.mu.Lock()
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
	f.mu.Unlock()
}

// processes kills an instance, or (every third fault, when the script
// runs its own server) restarts the database, one at a time, at random
// moments, until ctx ends. At least one instance is up except
// while the database restarts.
func (f *faults) processes(ctx context.Context, rng *rand.Rand) {
	for n := 1; sleepExp(ctx, rng, f.killEvery); n++ {
		if f.pgctl != "" && n%3 == 2 {
			f.restartPostgres(ctx, rng)
			continue
		}
		in := f.instances[rng.IntN(len(f.instances))]
		start := time.Now()
		in.kill()
		time.Sleep(time.Duration(500+rng.IntN(3500)) * time.Millisecond)
		if err := in.start(context.WithoutCancel(ctx), 90*time.Second); err != nil {
			f.fail("restart after SIGKILL: %v", err)
		}
		f.note("SIGKILL "+in.name+", restarted", start)
	}
}

// restartPostgres stops the server at once (no checkpoint: crash
// recovery on start) and starts it again after a few seconds.
func (f *faults) restartPostgres(ctx context.Context, rng *rand.Rand) {
	start := time.Now()
	if out, err := exec.Command(f.pgctl, "stop").CombinedOutput(); err != nil {
		f.fail("stop postgres: %v: %s", err, out)
		return
	}
	select {
	case <-ctx.Done():
	case <-time.After(time.Duration(3000+rng.IntN(7000)) * time.Millisecond):
	}
	if out, err := exec.Command(f.pgctl, "start").CombinedOutput(); err != nil {
		f.fail("start postgres: %v: %s", err, out)
		return
	}
	f.note("postgres stopped (immediate) and started", start)
}

// slack makes the fake Slack fail now and then: 500s, 429s with
// Retry-After, hanging, answering slowly, or ok:false internal_error.
func (f *faults) slack(ctx context.Context, rng *rand.Rand) {
	modes := []fault{fault500, fault429, faultHang, faultSlow, faultSlackErr}
	for sleepExp(ctx, rng, f.slackEvery) {
		m := modes[rng.IntN(len(modes))]
		d := time.Duration(4000+rng.IntN(11000)) * time.Millisecond
		start := time.Now()
		f.fake.setFault(m, 1+rng.IntN(4))
		select {
		case <-ctx.Done():
		case <-time.After(d):
		}
		f.fake.setFault(faultNone, 0)
		f.note("Slack "+string(m), start)
	}
}

// summary counts the faults by kind, with their total time.
func (f *faults) summary() map[string][2]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := map[string]int{}
	took := map[string]time.Duration{}
	for _, e := range f.events {
		n[e.Kind]++
		took[e.Kind] += e.Took
	}
	out := map[string][2]string{}
	for k := range n {
		out[k] = [2]string{fmt.Sprint(n[k]), took[k].Round(time.Second).String()}
	}
	return out
}
