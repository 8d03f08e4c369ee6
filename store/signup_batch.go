package store

import (
	"context"
	"errors"
	"sync"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
)

// maxBatch bounds how many sign-ups share one transaction.
const maxBatch = 64

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

// storeBatch stores a batch in one transaction. If the transaction fails
// as a whole (a reference drawn twice, the database going away), each
// sign-up is tried again on its own, so one cannot sink the others.
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
	if len(live) > 1 {
		// A batch runs on behalf of everyone in it: no one resident's
		// cancelled request may abort the others'.
		ctx := context.WithoutCancel(live[0].ctx)
		err := s.inTx(ctx, func(tx *sqlx.Tx) error {
			for _, r := range live {
				res, err := s.createSignupIn(ctx, tx, r.su)
				if err != nil && !isOutcome(err) {
					return err
				}
				r.res, r.err = res, err
			}
			return nil
		})
		if err == nil {
			return
		}
	}
	for _, r := range live {
		r.res, r.err = s.createSignupRetrying(context.WithoutCancel(r.ctx), r.su)
	}
}

// isOutcome reports the answers that are not failures: the activity is
// closed or unknown, or her number is signed up already. They leave the
// transaction usable.
func isOutcome(err error) bool {
	var dup *AlreadySignedUpError
	return errors.As(err, &dup) || errors.Is(err, ErrClosed) || errors.Is(err, ErrNotFound)
}

// createSignupRetrying stores one sign-up in its own transaction, drawing
// a new reference if the one drawn was taken (31^6 codes: rare).
func (s *Store) createSignupRetrying(ctx context.Context, su domain.Signup) (SignupResult, error) {
	for attempt := 0; ; attempt++ {
		var res SignupResult
		var outcome error
		err := s.inTx(ctx, func(tx *sqlx.Tx) error {
			var err error
			res, err = s.createSignupIn(ctx, tx, su)
			if isOutcome(err) {
				outcome = err
				return nil
			}
			return err
		})
		if attempt < 5 && (isUniqueViolation(err, "signups_reference_key") || isUniqueViolation(err, "signups_cancel_token_key")) {
			continue
		}
		if err != nil {
			return SignupResult{}, err
		}
		return res, outcome
	}
}
