package bot

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/metrics"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// The outage, in the workers' time: how long Slack is down, how far the
// clock moves between looks at the queue, and how soon after Slack is
// back everything must have gone.
const (
	slackOutage    = 65 * time.Minute
	outageStep     = 15 * time.Second
	recoveryStep   = 5 * time.Second
	slackRecovered = 15 * time.Minute
	// retryCap is the longest a failing message may wait for its next try:
	// the default maximum backoff of ten minutes, with its random fifth.
	retryCap = 12 * time.Minute
)

// TestSlackDownForAnHourDeliversEverythingOnceAfterwards: Slack answers
// 500 and 503, then drops connections, then answers 503 again, for over an
// hour of the workers' time, while partners refer residents and staff
// change statuses, with two workers on one database. No message is given
// up; each keeps being retried at most a capped backoff apart; the queue
// depth shows the backlog. When Slack is back, every message arrives
// exactly once, and each card update after its card, in the order made.
func TestSlackDownForAnHourDeliversEverythingOnceAfterwards(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &outageClock{now: time.Now()}
	h := newHarnessWith(t, func(st *store.Store) Store { clock.Store = st; return clock })
	var slackDown atomic.Bool
	slackDown.Store(true)
	start := clock.Now()
	attempts := &attemptLog{at: map[int]time.Time{}}
	h.slack.fail = func(method string, n int) (int, string) {
		now := clock.Now()
		attempts.record(n, now)
		if !slackDown.Load() {
			return 0, ""
		}
		switch since := now.Sub(start); {
		case since < 20*time.Minute && n%2 == 0:
			return http.StatusInternalServerError, ""
		case since < 20*time.Minute, since >= 40*time.Minute:
			return http.StatusServiceUnavailable, ""
		}
		return dropConnection, ""
	}
	const partner2 = "U0PARTNER2"
	if err := h.st.SetSlackUserOrg(ctx, testTeam, partner2, "buf-sundhedsplejen"); err != nil {
		t.Fatal(err)
	}

	// Queued before the outage shows: three referrals, one accepted.
	refs := refer(t, h, partnerUser, "V0BEFORE", 3)
	changeStatus(t, h, refs[0], domain.ReferralAccepted)
	opt := WorkerOptions{Poll: 5 * time.Millisecond} // production backoff and pacing, in the fake time
	startWorkerAt(h, opt, clock.Now)
	startWorkerAt(h, opt, clock.Now)
	clock.advanceUntil(t, start.Add(25*time.Minute), outageStep)

	// Queued during it: two more, from another partner, and more changes.
	refs = append(refs, refer(t, h, partner2, "V0DURING", 2)...)
	changeStatus(t, h, refs[0], domain.ReferralContacted)
	changeStatus(t, h, refs[1], domain.ReferralAccepted)
	changeStatus(t, h, refs[3], domain.ReferralAccepted)
	const queued = 5 + 5 + 4 + 4 // cards, receipts, card updates, messages about the changes
	clock.advanceUntil(t, start.Add(slackOutage), outageStep)

	checkBacklogAfterOutage(t, h, clock.Now(), queued)
	checkRetriedThroughout(t, h, attempts, start, clock.Now())

	slackDown.Store(false)
	back := clock.Now()
	for {
		c, err := h.st.OutboxCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c["pending"] == 0 {
			break
		}
		if clock.Now().Sub(back) > slackRecovered {
			t.Fatalf("outbox %v %v after Slack came back; want everything sent within %v", c, clock.Now().Sub(back), slackRecovered)
		}
		clock.advanceUntil(t, clock.Now().Add(recoveryStep), recoveryStep)
	}
	t.Logf("Slack down %v; everything sent %v after it came back; %d calls in all",
		back.Sub(start), clock.Now().Sub(back), len(h.slack.Calls("")))
	checkDeliveredOnceInOrder(t, h, queued, refs[0])
}

// refer makes n referrals from one partner through the modal.
func refer(t *testing.T, h *harness, partner, viewPrefix string, n int) []domain.Referral {
	t.Helper()
	ctx := context.Background()
	if err := h.st.SetSlackUserOrg(ctx, testTeam, partner, "buf-sundhedsplejen"); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		ans := decode(t, h.interact(viewSubmission(partner, cbReferral, fmt.Sprintf("%s%d", viewPrefix, i), "", referralValues("offer:foraeldrevejledning")), nil))
		if ans["response_action"] != "update" {
			t.Fatalf("submission %d: %v", i, ans)
		}
	}
	h.bot.Wait()
	refs, err := h.st.ReferralsByReferrer(ctx, testTeam, partner, n)
	if err != nil || len(refs) != n {
		t.Fatalf("referrals %d, %v", len(refs), err)
	}
	return refs
}

// changeStatus presses a status button on a referral's card.
func changeStatus(t *testing.T, h *harness, r domain.Referral, to domain.ReferralStatus) {
	t.Helper()
	if rec := h.interact(buttonPress(staffUser, staffChan, "", "status:"+string(to), fmt.Sprint(r.ID)), nil); rec.Code != http.StatusOK {
		t.Fatalf("button %s on referral %d answered %d", to, r.ID, rec.Code)
	}
	h.bot.Wait()
}

// startWorkerAt runs a worker on the given clock until the test ends.
func startWorkerAt(h *harness, opt WorkerOptions, now func() time.Time) {
	w := h.bot.NewWorker(opt)
	w.now = now
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.Run(ctx) }()
	h.t.Cleanup(func() { cancel(); <-done })
}

// checkBacklogAfterOutage wants everything still queued, nothing given up,
// every message due again within the capped backoff, and the queue depth
// metric showing the backlog.
func checkBacklogAfterOutage(t *testing.T, h *harness, now time.Time, queued int) {
	t.Helper()
	ctx := context.Background()
	if c, err := h.st.OutboxCounts(ctx); err != nil || c["pending"] != queued || c["failed"] != 0 || c["sent"] != 0 {
		t.Fatalf("outbox after the outage %v, %v; want all %d pending, none failed", c, err, queued)
	}
	var late []struct {
		Key      string    `db:"dedupe_key"`
		Attempts int       `db:"attempts"`
		DueAt    time.Time `db:"run_at"`
	}
	limit := now.Add(maxRetryGap)
	if err := h.st.DB().Select(&late, `SELECT dedupe_key, attempts, run_at FROM outbox WHERE run_at > $1`, limit); err != nil {
		t.Fatal(err)
	}
	for _, m := range late {
		t.Errorf("message %s, after %d attempts, waits until %v past the outage's end; want at most %v",
			m.Key, m.Attempts, m.DueAt.Sub(now), maxRetryGap)
	}
	m := metrics.New()
	m.WatchSlackQueue(h.st.OutboxBacklog)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if want := fmt.Sprintf("tilmeld_slack_queue_depth %d\n", queued); !strings.Contains(rec.Body.String(), want) ||
		strings.Contains(rec.Body.String(), "tilmeld_slack_queue_oldest_seconds 0\n") {
		t.Errorf("/metrics during the outage lacks %q or a nonzero oldest age:\n%s", want, grepLines(rec.Body.String(), "tilmeld_slack_queue"))
	}
}

// maxRetryGap is retryCap as the test can see it, one step of the clock
// being the finest it looks.
const maxRetryGap = retryCap + outageStep

// checkRetriedThroughout follows each message Slack was asked to take
// during the outage: no two tries more than maxRetryGap apart, and the
// last one within maxRetryGap of the outage's end.
func checkRetriedThroughout(t *testing.T, h *harness, attempts *attemptLog, start, end time.Time) {
	t.Helper()
	tries := map[string][]time.Time{}
	for n, c := range h.slack.Calls("") {
		key := c.Method + " " + c.str("channel") + " " + c.str("text")
		tries[key] = append(tries[key], attempts.when(n))
	}
	if len(tries) < 3 {
		t.Fatalf("only %d messages were tried during the outage; want the heads of the staff channel and both partners' messages", len(tries))
	}
	for key, at := range tries {
		gaps := []time.Duration{}
		for i := 1; i < len(at); i++ {
			gaps = append(gaps, at[i].Sub(at[i-1]))
			if at[i].Sub(at[i-1]) > maxRetryGap {
				t.Errorf("%.60s: tries %v apart, want at most %v", key, at[i].Sub(at[i-1]), maxRetryGap)
			}
		}
		if last := at[len(at)-1]; end.Sub(last) > maxRetryGap {
			t.Errorf("%.60s: last tried %v before the outage ended: given up", key, end.Sub(last))
		}
		t.Logf("%.50s…: %d tries from %v into the outage, gaps %v", key, len(at), at[0].Sub(start).Round(time.Second), roundAll(gaps))
	}
}

// checkDeliveredOnceInOrder wants each queued message delivered exactly
// once and every card update after its card, the first referral's two
// updates in the order its status changed.
func checkDeliveredOnceInOrder(t *testing.T, h *harness, queued int, first domain.Referral) {
	t.Helper()
	checkDeliveredOnce(t, h, queued)
	r, err := h.st.ReferralByID(context.Background(), first.ID)
	if err != nil {
		t.Fatal(err)
	}
	var updates []call
	for _, u := range h.slack.Delivered("chat.update") {
		if u.str("ts") == r.SlackTS {
			updates = append(updates, u)
		}
	}
	if len(updates) != 2 || !strings.HasSuffix(updates[0].str("text"), "– Modtaget") || !strings.HasSuffix(updates[1].str("text"), "– Kontaktet") {
		t.Errorf("the first referral's card updates, want accepted then contacted:\n%v", updates)
	}
}

// attemptLog keeps the workers' time of each call to the fake Slack, by
// the call's number.
type attemptLog struct {
	mu sync.Mutex
	at map[int]time.Time
}

func (l *attemptLog) record(n int, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.at[n] = at
}

func (l *attemptLog) when(n int) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.at[n]
}

// outageClock is the workers' clock, which the test moves. It sits between
// the workers and the store to see when they have caught up with it.
type outageClock struct {
	Store
	mu       sync.Mutex
	now      time.Time
	inFlight int // DeliverNext calls under way
	idle     int // calls that found nothing to send at the current time
}

func (c *outageClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// DeliverNext counts the workers' looks at the queue.
func (c *outageClock) DeliverNext(ctx context.Context, opt store.ClaimOptions, send func(context.Context, store.OutboxItem) store.Delivery) (bool, error) {
	c.mu.Lock()
	c.inFlight++
	c.mu.Unlock()
	sent, err := c.Store.DeliverNext(ctx, opt, send)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inFlight--
	if !sent && err == nil && !opt.Now.Before(c.now) {
		c.idle++
	}
	return sent, err
}

// advanceUntil moves the clock to end in steps, letting the workers send
// or try all that is due before each next step.
func (c *outageClock) advanceUntil(t *testing.T, end time.Time, step time.Duration) {
	t.Helper()
	for c.Now().Before(end) {
		c.mu.Lock()
		c.now = c.now.Add(min(step, end.Sub(c.now)))
		c.idle = 0
		c.mu.Unlock()
		waitFor(t, 10*time.Second, "the workers to catch up with the clock", func() bool {
			c.mu.Lock()
			defer c.mu.Unlock()
			return c.idle >= 2 && c.inFlight == 0
		})
	}
}

func roundAll(ds []time.Duration) []time.Duration {
	for i := range ds {
		ds[i] = ds[i].Round(time.Second)
	}
	return ds
}

func grepLines(s, substr string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
