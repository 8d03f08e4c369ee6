package queue

import (
	"context"
	"log/slog"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// JobFunc is the code of one kind of job. It runs in the transaction that
// claimed the job (store.ChannelJob): what it writes through the store
// with ctx commits with the record that it ran, or not at all. A nil
// error with a zero again means done; a non-zero again runs it again
// then (a recurring job, or one that is not due yet after all). An error
// undoes what it wrote, and the job is tried again after a back-off.
type JobFunc func(ctx context.Context, it store.OutboxItem) (again time.Time, err error)

// Jobs is the channel that runs scheduled work: each queued job (a
// store.OutboxMessage with Channel store.ChannelJob, Kind naming its code
// and RunAt its time) is claimed like any message, by one worker of
// however many, and run once.
type Jobs struct {
	Log        *slog.Logger
	Now        func() time.Time
	Backoff    time.Duration // first wait after a failure; default 30 s
	MaxBackoff time.Duration // default 30 minutes
	kinds      map[string]JobFunc
}

// Register says which code runs jobs of kind. An instance that has no
// code for a kind (its Slack app is off, say) leaves those jobs be.
func (j *Jobs) Register(kind string, fn JobFunc) {
	if j.kinds == nil {
		j.kinds = map[string]JobFunc{}
	}
	j.kinds[kind] = fn
}

// Kinds reports whether any kind is registered: with none, there is
// nothing for a worker to run.
func (j *Jobs) Kinds() int { return len(j.kinds) }

// Name is store.ChannelJob.
func (*Jobs) Name() string { return store.ChannelJob }

// Held holds nothing back.
func (*Jobs) Held(time.Time) []string { return nil }

// Send runs one job.
func (j *Jobs) Send(ctx context.Context, it store.OutboxItem) store.Delivery {
	now := time.Now
	if j.Now != nil {
		now = j.Now
	}
	fn, ok := j.kinds[it.Kind]
	if !ok {
		// Another instance may run it; look again in an hour.
		return store.Delivery{Outcome: store.OutboxRetry, At: now(), RetryAt: now().Add(time.Hour), Error: "no code here for job kind " + it.Kind}
	}
	again, err := fn(ctx, it)
	switch {
	case err != nil:
		j.Log.Warn("job failed", "job", it.Key, "attempt", it.Attempts+1, "err", err)
		first, most := j.Backoff, j.MaxBackoff
		if first == 0 {
			first = 30 * time.Second
		}
		if most == 0 {
			most = 30 * time.Minute
		}
		return store.Delivery{Outcome: store.OutboxRetry, At: now(), RetryAt: now().Add(Backoff(it.Attempts, first, most)), Error: err.Error()}
	case !again.IsZero():
		return store.Delivery{Outcome: store.OutboxAgain, At: now(), RetryAt: again}
	}
	return store.Delivery{Outcome: store.OutboxSent, At: now()}
}
