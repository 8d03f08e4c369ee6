package store

import (
	"context"
	"sync"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// maxBatch bounds how many sign-ups share one statement. Bigger batches
// store more a second but keep the residents in them waiting for the
// whole batch: with 200 residents at once (bench/run.sh), 128 gave 7,000
// sign-ups a second at a p99 of 79 to 124 ms, 64 gave 6,600–7,200 at
// 76–93 ms, and 32 gave 5,700–6,100 at 60–71 ms.
const maxBatch = 32

// signupBatches groups sign-ups for one activity that arrive together
// into one transaction. Capacity and waiting-list positions are only exact
// if sign-ups for an activity are decided one after another under its row
// lock, and that lock is held until the commit is on disk; one at a time,
// an activity could take only as many sign-ups a second as the disk has
// flushes. In a batch, every sign-up is still decided in arrival order
// under the lock, but they share one flush. Nobody is told anything
// before the commit that holds her sign-up.
type signupBatches struct {
	mu     sync.Mutex
	queues map[int64]*signupQueue

	prepMu   sync.Mutex
	prepared signupStatements // see statements
}

type signupQueue struct {
	pending []*signupRequest
	running bool
}

type signupRequest struct {
	ctx  context.Context
	su   domain.Signup
	res  SignupResult
	err  error
	done chan struct{}
}

// submit queues a sign-up. The first to arrive while nothing runs for the
// activity becomes the leader and stores batches until the queue is
// empty; the others wait for their result.
func (s *Store) submit(ctx context.Context, su domain.Signup) (SignupResult, error) {
	req := &signupRequest{ctx: ctx, su: su, done: make(chan struct{})}
	b := &s.batches
	b.mu.Lock()
	if b.queues == nil {
		b.queues = map[int64]*signupQueue{}
	}
	q := b.queues[su.ActivityID]
	if q == nil {
		q = &signupQueue{}
		b.queues[su.ActivityID] = q
	}
	q.pending = append(q.pending, req)
	lead := !q.running
	q.running = true
	b.mu.Unlock()
	if lead {
		s.drain(su.ActivityID, q, req)
	}
	<-req.done
	return req.res, req.err
}

// drain stores the queued sign-ups batch by batch. A leader that is a
// resident's own request stops once her sign-up is stored, handing what
// is left to a goroutine, so in a long rush she is not kept waiting for
// everyone after her.
func (s *Store) drain(activityID int64, q *signupQueue, mine *signupRequest) {
	b := &s.batches
	for {
		b.mu.Lock()
		n := min(len(q.pending), maxBatch)
		batch := q.pending[:n:n]
		q.pending = q.pending[n:]
		if n == 0 {
			q.running = false
			delete(b.queues, activityID)
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		s.storeBatch(batch)
		served := false
		for _, r := range batch {
			served = served || r == mine
			close(r.done)
		}
		if served {
			go s.drain(activityID, q, nil)
			return
		}
	}
}

// storeBatch stores a batch in one transaction. If it fails as a whole (a
// reference drawn twice, the database going away), each sign-up is tried
// again on its own, so one cannot sink the others.
func (s *Store) storeBatch(batch []*signupRequest) {
	live := batch[:0:0]
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = err // she has gone: do not store what nobody will see confirmed
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	// The batch is stored on behalf of everyone in it: no one resident's
	// cancelled request may abort the others'.
	if err := s.storeTogether(context.WithoutCancel(live[0].ctx), live); err != nil {
		for _, r := range live {
			s.storeAlone(context.WithoutCancel(r.ctx), r)
		}
	}
}

// storeAlone stores one sign-up in a batch of its own, drawing a new
// reference if the one drawn was taken (31^6 codes: rare).
func (s *Store) storeAlone(ctx context.Context, r *signupRequest) {
	for attempt := 0; ; attempt++ {
		err := s.storeTogether(ctx, []*signupRequest{r})
		if attempt < 5 && (isUniqueViolation(err, "signups_reference_key") || isUniqueViolation(err, "signups_cancel_token_key")) {
			continue
		}
		if err != nil {
			r.res, r.err = SignupResult{}, err
		}
		return
	}
}
