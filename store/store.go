package store

import (
	"context"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/crypt"
	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // the Postgres driver
)

// Store wraps the database handle and the data keys that seal personal
// fields (see WithKeys).
type Store struct {
	db         *sqlx.DB
	keys       *crypt.Keyring
	batches    signupBatches    // sign-ups waiting to share a transaction
	claim      claimStmt        // the outbox claim, prepared once: outbox_prepared.go
	candidates outboxCandidates // messages found due, shared by workers: outbox_prepared.go
}

// Open connects to Postgres and checks the connection.
func Open(ctx context.Context, url string, opts ...Option) (*Store, error) {
	db, err := sqlx.Open("postgres", url)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	// Two cores serve a few hundred residents a minute at peak; more
	// connections than this only queue inside Postgres instead of here.
	// WithExtraConns adds to it for work that waits on another server.
	db.SetMaxOpenConns(DefaultMaxConns)
	db.SetMaxIdleConns(DefaultMaxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	st := &Store{db: db}
	for _, o := range opts {
		o(st)
	}
	return st, nil
}

// DefaultMaxConns is the connection pool's size without WithExtraConns.
const DefaultMaxConns = 20

// WithExtraConns adds n connections to the pool, for n that are each held
// while a message waits on a gateway's answer (an SMS worker holds its
// message's transaction, and looks her sign-up up beside it, while it
// sends): without them the web's pages would wait behind the queue.
func WithExtraConns(n int) Option {
	return func(s *Store) {
		s.db.SetMaxOpenConns(DefaultMaxConns + n)
		s.db.SetMaxIdleConns(DefaultMaxConns + n)
	}
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks that the database answers, for the readiness probe.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// DB exposes the handle to tests in other packages that need raw checks.
func (s *Store) DB() *sqlx.DB { return s.db }

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	if tx, ok := s.claimedTx(ctx); ok { // inside a job: its transaction (outbox_jobs.go)
		return inSavepoint(ctx, tx, fn)
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
