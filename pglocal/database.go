package pglocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/lib/pq"
)

// duplicateDatabase is Postgres's code when CREATE DATABASE loses a race.
const duplicateDatabase = "42P04"

// Ping reports whether the server at url accepts a connection, logging in as
// the URL says: a port that merely answers, or one that wants a password we
// lack, is no use to the tests.
func Ping(ctx context.Context, url string) error {
	db, err := sql.Open("postgres", url)
	if err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("pglocal: ping: %w", err)
	}
	return nil
}

// ensureDatabase creates database name on the server at serverURL unless it
// exists.
func ensureDatabase(ctx context.Context, serverURL, name string) error {
	db, err := sql.Open("postgres", serverURL)
	if err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	defer db.Close()
	var exists bool
	err = db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists)
	if err != nil {
		return fmt.Errorf("pglocal: look for database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = db.ExecContext(ctx, `CREATE DATABASE `+pq.QuoteIdentifier(name))
	if pqErr, ok := errors.AsType[*pq.Error](err); ok && pqErr.Code == duplicateDatabase {
		return nil
	}
	if err != nil {
		return fmt.Errorf("pglocal: create database %s: %w", name, err)
	}
	return nil
}
