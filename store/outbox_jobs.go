package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// ChannelJob is the outbox channel of scheduled work: a job row runs code
// (package queue's Jobs, by Kind) at its RunAt instead of sending a
// message. The weekly summary and the SMS reminder scan are jobs, so they
// share the queue's claim, retries and exactly-once with the messages.
const ChannelJob = "job"

// Job is a job as queued, for a look at what is scheduled.
type Job struct {
	Key       string
	Kind      string
	State     string // pending, sent (done), failed
	RunAt     time.Time
	Attempts  int
	LastError string
}

// OutboxJob returns the job queued under key, or ErrNotFound.
func (s *Store) OutboxJob(ctx context.Context, key string) (Job, error) {
	var j struct {
		Key       string    `db:"dedupe_key"`
		Kind      string    `db:"kind"`
		State     string    `db:"state"`
		RunAt     time.Time `db:"run_at"`
		Attempts  int       `db:"attempts"`
		LastError string    `db:"last_error"`
	}
	err := s.db.GetContext(ctx, &j, `SELECT dedupe_key, kind, state, run_at, attempts, last_error
		FROM outbox WHERE channel = 'job' AND dedupe_key = $1`, key)
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, fmt.Errorf("job %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return Job{}, fmt.Errorf("job %s: %w", key, err)
	}
	return Job{Key: j.Key, Kind: j.Kind, State: j.State, RunAt: j.RunAt, Attempts: j.Attempts, LastError: j.LastError}, nil
}

// jobTx is the claiming transaction of a running job, carried in the
// context its code gets: every store call of that code that writes in a
// transaction (inTx) writes in this one instead, under a savepoint. So a
// job's effects (summaries claimed, Slack messages queued, the next run
// queued) commit with the record that it ran, or not at all: a job that
// crashes or fails leaves nothing half done, and one that ran is never run
// again by another worker. Reads outside inTx see only committed data.
type jobTx struct {
	s  *Store
	tx *sqlx.Tx
}

type jobTxKey struct{}

// claimedTx is the job transaction ctx carries for this store, if any.
func (s *Store) claimedTx(ctx context.Context) (*sqlx.Tx, bool) {
	jt, ok := ctx.Value(jobTxKey{}).(jobTx)
	if !ok || jt.s != s {
		return nil, false
	}
	return jt.tx, true
}

// inSavepoint runs fn in tx under a savepoint, rolled back to if fn fails,
// so a failed step inside a job does not spoil the job's transaction. A
// job's code runs one step at a time: a transaction is not for
// concurrent use.
func inSavepoint(ctx context.Context, tx *sqlx.Tx, fn func(tx *sqlx.Tx) error) error {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT job_step`); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := fn(tx); err != nil {
		// A cancelled ctx must not keep the step's writes: roll back regardless.
		if _, rbErr := tx.ExecContext(context.WithoutCancel(ctx), `ROLLBACK TO SAVEPOINT job_step`); rbErr != nil {
			return errors.Join(err, fmt.Errorf("rollback to savepoint: %w", rbErr))
		}
		return err
	}
	if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT job_step`); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

// runJob hands a claimed job to send with its transaction in the context,
// and keeps what the job did only if it says it ran (OutboxSent, or
// OutboxAgain for a recurring one); any other outcome undoes its effects
// before the outcome is recorded.
func (s *Store) runJob(ctx, txCtx context.Context, tx *sqlx.Tx, it OutboxItem, send func(context.Context, OutboxItem) Delivery) (Delivery, error) {
	if _, err := tx.ExecContext(txCtx, `SAVEPOINT job_run`); err != nil {
		return Delivery{}, fmt.Errorf("job %s: savepoint: %w", it.Key, err)
	}
	d := send(context.WithValue(ctx, jobTxKey{}, jobTx{s: s, tx: tx}), it)
	undo := `ROLLBACK TO SAVEPOINT job_run`
	if d.Outcome == OutboxSent || d.Outcome == OutboxAgain {
		undo = `RELEASE SAVEPOINT job_run`
	}
	if _, err := tx.ExecContext(txCtx, undo); err != nil {
		return Delivery{}, fmt.Errorf("job %s: end: %w", it.Key, err)
	}
	return d, nil
}
