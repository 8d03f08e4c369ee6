package store

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"time"

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

// storeBatch stores a batch in one statement. If it fails as a whole (a
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
	together, alone := splitBatch(live)
	if err := s.storeTogether(context.WithoutCancel(together[0].ctx), together); err != nil {
		alone = append(together, alone...)
	}
	for _, r := range alone {
		s.storeAlone(context.WithoutCancel(r.ctx), r)
	}
}

// splitBatch keeps apart the sign-ups that repeat an earlier one's
// idempotency key or phone number in the same batch (a double tap, two
// tabs): whether they are repeats or duplicates depends on the one before
// them being stored, so they are stored on their own, after the batch.
func splitBatch(batch []*signupRequest) (together, alone []*signupRequest) {
	keys := make(map[string]bool, len(batch))
	phones := make(map[string]bool, len(batch))
	for _, r := range batch {
		if keys[r.su.IdempotencyKey] || (r.su.Phone != "" && phones[r.su.Phone]) {
			alone = append(alone, r)
			continue
		}
		keys[r.su.IdempotencyKey] = true
		if r.su.Phone != "" {
			phones[r.su.Phone] = true
		}
		together = append(together, r)
	}
	return together, alone
}

// pgBytes is a bytea in signup_create_batch's JSON: "\x" and hex.
type pgBytes []byte

func (b pgBytes) MarshalJSON() ([]byte, error) {
	if b == nil {
		return []byte("null"), nil
	}
	out := make([]byte, 0, 5+2*len(b))
	out = append(out, `"\\x`...)
	out = hex.AppendEncode(out, b)
	return append(out, '"'), nil
}

// batchItem is one sign-up as signup_create_batch (migration 007) reads it.
type batchItem struct {
	I                 int       `json:"i"`
	Idem              string    `json:"idem"`
	Reference         string    `json:"reference"`
	Token             string    `json:"token"`
	Name              string    `json:"name"`
	Phone             string    `json:"phone"`
	Department        string    `json:"department"`
	Age               *int      `json:"age"`
	Answers           string    `json:"answers"`
	Lang              string    `json:"lang"`
	ConsentVersion    string    `json:"consent_version"`
	ConsentedAt       time.Time `json:"consented_at"`
	AssistedBy        int64     `json:"assisted_by"`
	ConsentReadIn     string    `json:"consent_read_in"`
	PhoneHash         pgBytes   `json:"phone_hash"`
	GuardianPhoneHash pgBytes   `json:"guardian_phone_hash"`
	ConsentLang       string    `json:"consent_lang"`
	ConsentBy         string    `json:"consent_by"`
	Hashes            []pgBytes `json:"hashes"`
}

// storeTogether stores a batch with one call of signup_create_batch: one
// statement, so one transaction and one flush, and the activity's row is
// locked and updated once for all of them. Each sign-up is decided in the
// batch's order as if she were alone: a repeated form gets the first
// sign-up back, a number signed up already is told its reference, and
// places go by domain.Place. On an error nothing is stored and no result
// is set.
func (s *Store) storeTogether(ctx context.Context, batch []*signupRequest) error {
	items := make([]batchItem, len(batch))
	sus := make([]domain.Signup, len(batch))
	for i, r := range batch {
		su := r.su
		sealed, err := s.sealSignup(su)
		if err != nil {
			return err
		}
		var hashes [][]byte
		if su.Phone != "" {
			if hashes, err = s.phoneHashes(su.Phone); err != nil {
				return err
			}
		}
		consent := su.Consent()
		su.Reference, su.CancelToken = domain.NewReference(), domain.NewToken()
		sus[i] = su
		it := batchItem{I: i, Idem: su.IdempotencyKey, Reference: su.Reference, Token: su.CancelToken,
			Name: sealed.name, Phone: sealed.phone, Department: su.Department, Age: su.Age,
			Answers: sealed.answers, Lang: su.Lang, ConsentVersion: su.ConsentVersion,
			ConsentedAt: su.ConsentedAt, AssistedBy: su.AssistedBy, ConsentReadIn: su.ConsentReadIn,
			PhoneHash: sealed.phoneHash, GuardianPhoneHash: sealed.guardianHash,
			ConsentLang: consent.Lang, ConsentBy: string(consent.By), Hashes: []pgBytes{}}
		for _, h := range hashes {
			it.Hashes = append(it.Hashes, h)
		}
		items[i] = it
	}
	payload, err := json.Marshal(items)
	if err != nil {
		return err
	}
	var outs []struct {
		I int `db:"out_i"`
		signupOutcome
	}
	if err := s.db.SelectContext(ctx, &outs, `SELECT * FROM signup_create_batch($1, $2)`,
		batch[0].su.ActivityID, string(payload)); err != nil {
		return fmt.Errorf("create signups: %w", err)
	}
	// From here the batch is committed: it must not be stored again.
	answered := make([]bool, len(batch))
	for _, o := range outs {
		if o.I >= 0 && o.I < len(batch) && !answered[o.I] {
			answered[o.I] = true
			batch[o.I].res, batch[o.I].err = o.result(sus[o.I])
		}
	}
	for i, ok := range answered {
		if !ok { // signup_create_batch answers every item; this is a defect
			batch[i].err = fmt.Errorf("create signups: no answer for item %d of %d", i, len(batch))
		}
	}
	return nil
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
