package bot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// jobWorker is the instance's worker for scheduled jobs, on its clock,
// running the weekly summary job through run (the real one by default).
func (in *instance) jobWorker(run queue.JobFunc) *queue.Worker {
	if run == nil {
		run = in.bot.DigestJob(domain.DefaultDigestTime)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	jobs := &queue.Jobs{Log: log, Now: in.clock, Backoff: time.Millisecond, MaxBackoff: time.Millisecond}
	jobs.Register(JobDigest, run)
	return queue.New(in.bot.store, log, queue.Options{Poll: 10 * time.Millisecond, Now: in.clock}, jobs)
}

// runDueJobs runs the jobs due by the worker's clock and says how many ran.
func runDueJobs(t *testing.T, w *queue.Worker) int {
	t.Helper()
	n := 0
	for {
		ran, err := w.Step(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			return n
		}
		n++
	}
}

// wantJob checks that week w's summary job is queued, to run at the
// given UTC time.
func wantJob(t *testing.T, st *store.Store, w domain.Week, state, runAtUTC string) {
	t.Helper()
	j, err := st.OutboxJob(context.Background(), DigestJobKey(w))
	if err != nil {
		t.Fatalf("job of %s: %v", w, err)
	}
	if j.State != state || j.RunAt.UTC().Format(time.RFC3339) != runAtUTC {
		t.Fatalf("job of %s: %s at %s; want %s at %s", w, j.State, j.RunAt.UTC().Format(time.RFC3339), state, runAtUTC)
	}
}

// TestTwoWorkersRacingRunTheSummaryJobOnce runs two instances of the
// service on one database, both looking for due jobs again and again from
// Monday 08:00 while Slack fails the first calls: the week's job runs
// once, each channel gets the summary once, and next week's job waits.
func TestTwoWorkersRacingRunTheSummaryJobOnce(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	fake := newFakeSlack(t)
	fake.fail = func(method string, n int) (int, string) {
		if n < 3 {
			return http.StatusInternalServerError, ""
		}
		return 0, ""
	}
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	w47 := domain.Week{Year: 2026, Num: 47}
	storetest.NewSampleWeek(t, st, w47, loc)
	a, b := newInstance(t, st, fake), newInstance(t, st, fake)
	if err := st.Enqueue(context.Background(), a.bot.digestJob(domain.DefaultDigestTime, w47)); err != nil {
		t.Fatal(err)
	}
	a.startWorker(t)
	b.startWorker(t)
	var runs atomic.Int32
	counted := func(in *instance) queue.JobFunc {
		job := in.bot.DigestJob(domain.DefaultDigestTime)
		return func(ctx context.Context, it store.OutboxItem) (time.Time, error) {
			runs.Add(1)
			time.Sleep(50 * time.Millisecond) // long enough for the other worker to try
			return job(ctx, it)
		}
	}
	monday := copenhagenAt(t, "2026-11-23 08:00")
	var wg sync.WaitGroup
	for _, in := range []*instance{a, b} {
		w := in.jobWorker(counted(in))
		wg.Go(func() {
			for i := range 20 {
				in.setNow(monday.Add(time.Duration(i) * 7 * time.Second))
				if _, err := w.Step(context.Background()); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if n := runs.Load(); n != 1 {
		t.Fatalf("the job ran %d times, want once", n)
	}
	drainOutbox(t, st)
	for _, ch := range []string{staffChan, familiehusetChan, sundhedsplejenChan} {
		if n := len(postsTo(fake, ch)); n != 1 {
			t.Errorf("%s got %d summaries, want 1", ch, n)
		}
	}
	if n := len(fake.Calls("chat.update")); n != 0 {
		t.Errorf("%d chat.update calls, want none", n)
	}
	if all := fake.Everything(); strings.Contains(all, "Kommer for sent") {
		t.Error("a summary on time says it is late")
	}
	wantJob(t, st, w47, "sent", "2026-11-23T07:00:00Z")
	wantJob(t, st, w47.Next(), "pending", "2026-11-30T07:00:00Z")
}

// TestSummaryPostedLateOnStartAfterDowntimeAtMondayEight: the service starts on a
// fresh database one Monday at 08:00 and posts that week's summary on
// time; it is down the next Monday from 07:59 to 11:30, and when it starts
// again it posts the summary, saying it is late, and queues the next
// week's job; nothing more runs before that.
func TestSummaryPostedLateOnStartAfterDowntimeAtMondayEight(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	fake := newFakeSlack(t)
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	w46, w47 := domain.Week{Year: 2026, Num: 46}, domain.Week{Year: 2026, Num: 47}
	storetest.NewSampleWeek(t, st, w47, loc)
	ctx := context.Background()

	first := newInstance(t, st, fake)
	first.setNow(copenhagenAt(t, "2026-11-16 08:00"))
	if err := first.bot.ScheduleDigests(ctx, domain.DefaultDigestTime); err != nil {
		t.Fatal(err)
	}
	jobs := first.jobWorker(nil)
	if n := runDueJobs(t, jobs); n != 1 {
		t.Fatalf("fresh start: %d jobs ran, want week 46's", n)
	}
	wantJob(t, st, w47, "pending", "2026-11-23T07:00:00Z")
	first.setNow(copenhagenAt(t, "2026-11-23 07:59"))
	if n := runDueJobs(t, jobs); n != 0 {
		t.Fatalf("before 08:00: %d jobs ran", n)
	}

	// Down from 07:59 to 11:30; then it starts again.
	again := newInstance(t, st, fake)
	again.setNow(copenhagenAt(t, "2026-11-23 11:30"))
	if err := again.bot.ScheduleDigests(ctx, domain.DefaultDigestTime); err != nil {
		t.Fatal(err)
	}
	jobs = again.jobWorker(nil)
	if n := runDueJobs(t, jobs); n != 1 {
		t.Fatalf("after the downtime: %d jobs ran, want week 47's", n)
	}
	wantJob(t, st, w47, "sent", "2026-11-23T07:00:00Z")
	wantJob(t, st, w47.Next(), "pending", "2026-11-30T07:00:00Z")
	for _, at := range []string{"2026-11-23 11:31", "2026-11-27 12:00", "2026-11-30 07:59"} {
		again.setNow(copenhagenAt(t, at))
		if n := runDueJobs(t, jobs); n != 0 {
			t.Fatalf("%s: %d jobs ran", at, n)
		}
	}
	again.startWorker(t)
	drainOutbox(t, st)
	posts := postsTo(fake, staffChan)
	if len(posts) != 2 || !strings.Contains(posts[1].JSON(), "Kommer for sent") ||
		!strings.Contains(posts[1].JSON(), "23.11.2026 kl. 08.00") || strings.Contains(posts[0].JSON(), "Kommer for sent") {
		t.Fatalf("staff channel posts %d; the second must say it is late, the first not", len(posts))
	}
	if p := postsTo(fake, familiehusetChan); len(p) != 2 || !strings.Contains(p[1].JSON(), "Kommer for sent") {
		t.Fatal("the partner's late summary does not say so")
	}
	for w, late := range map[domain.Week]bool{w46: false, w47: true} {
		got, _ := st.DigestPosts(ctx, w)
		if len(got) != 3 || got[0].Late != late || got[0].By != ByScheduler || got[0].SlackTS == "" {
			t.Fatalf("claims of %s: %+v", w, got)
		}
	}
}

// TestSummaryJobIsDueAtEightAcrossTheChangesOfClock: the Mondays after
// the last Sundays of March and October, the job runs at 08:00 on the
// wall clock, an hour earlier or later in UTC than the Monday before.
func TestSummaryJobIsDueAtEightAcrossTheChangesOfClock(t *testing.T) {
	t.Parallel()
	cases := []struct {
		start, before, due string // UTC: when the service starts, a minute before 08:00, 08:00
		week               domain.Week
		next               string // the next job's time, UTC
	}{
		// Summer time begins: a 167-hour week.
		{"2026-03-23T07:00:00Z", "2026-03-30T05:59:00Z", "2026-03-30T06:00:00Z", domain.Week{Year: 2026, Num: 13}, "2026-04-06T06:00:00Z"},
		// Summer time ends: a 169-hour week.
		{"2026-10-19T06:00:00Z", "2026-10-26T06:59:00Z", "2026-10-26T07:00:00Z", domain.Week{Year: 2026, Num: 43}, "2026-11-02T07:00:00Z"},
	}
	utc := func(s string) time.Time { tm, _ := time.Parse(time.RFC3339, s); return tm }
	for _, c := range cases {
		st := storetest.New(t) // fresh: the service starts on an empty database
		in := newInstance(t, st, newFakeSlack(t))
		jobs := in.jobWorker(nil)
		in.setNow(utc(c.start))
		if err := in.bot.ScheduleDigests(context.Background(), domain.DefaultDigestTime); err != nil {
			t.Fatal(err)
		}
		if n := runDueJobs(t, jobs); n != 1 {
			t.Fatalf("start %s: %d jobs ran, want the week before's", c.start, n)
		}
		wantJob(t, st, c.week, "pending", c.due)
		in.setNow(utc(c.before))
		if n := runDueJobs(t, jobs); n != 0 {
			t.Fatalf("%s: %d jobs ran before 08:00", c.before, n)
		}
		in.setNow(utc(c.due))
		if n := runDueJobs(t, jobs); n != 1 {
			t.Fatalf("%s: %d jobs ran at 08:00", c.due, n)
		}
		posts, _ := st.DigestPosts(context.Background(), c.week)
		if len(posts) != 3 || posts[0].Late {
			t.Fatalf("claims of %v: %+v", c.week, posts)
		}
		wantJob(t, st, c.week.Next(), "pending", c.next)
	}
}

// TestAFailedSummaryJobLeavesNothingBehind: the job fails after it has
// claimed and queued the week's posts; none of that stays (it ran in the
// job's transaction), and the retry posts each summary once.
func TestAFailedSummaryJobLeavesNothingBehind(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	fake := newFakeSlack(t)
	w47 := domain.Week{Year: 2026, Num: 47}
	in := newInstance(t, st, fake)
	in.setNow(copenhagenAt(t, "2026-11-23 08:00"))
	if err := st.Enqueue(context.Background(), in.bot.digestJob(domain.DefaultDigestTime, w47)); err != nil {
		t.Fatal(err)
	}
	real := in.bot.DigestJob(domain.DefaultDigestTime)
	failed := false
	jobs := in.jobWorker(func(ctx context.Context, it store.OutboxItem) (time.Time, error) {
		again, err := real(ctx, it)
		if err == nil && !failed {
			failed = true
			return again, errors.New("the connection broke")
		}
		return again, err
	})
	if ran, err := jobs.Step(context.Background()); !ran || err != nil || !failed {
		t.Fatalf("first run: %v, %v", ran, err)
	}
	if got, _ := st.DigestPosts(context.Background(), w47); len(got) != 0 {
		t.Fatalf("a failed job left %d claims", len(got))
	}
	if c, _ := st.OutboxCounts(context.Background()); c["pending"] != 0 {
		t.Fatalf("a failed job left %d Slack messages queued", c["pending"])
	}
	if _, err := st.OutboxJob(context.Background(), DigestJobKey(w47.Next())); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a failed job queued the next one: %v", err)
	}
	in.setNow(copenhagenAt(t, "2026-11-23 08:01"))
	if n := runDueJobs(t, jobs); n != 1 {
		t.Fatalf("retry: %d jobs ran", n)
	}
	in.startWorker(t)
	drainOutbox(t, st)
	for _, ch := range []string{staffChan, familiehusetChan, sundhedsplejenChan} {
		if n := len(postsTo(fake, ch)); n != 1 {
			t.Errorf("%s got %d summaries, want 1", ch, n)
		}
	}
	wantJob(t, st, w47.Next(), "pending", "2026-11-30T07:00:00Z")
}
