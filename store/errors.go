package store

import (
	"errors"

	"github.com/lib/pq"
)

// Named errors callers can test for with errors.Is.
var (
	ErrNotFound      = errors.New("store: not found")
	ErrDuplicate     = errors.New("store: duplicate")
	ErrClosed        = errors.New("store: activity is closed for sign-up")
	ErrSchemaTooNew  = errors.New("store: the database schema is newer than this program")
	ErrAlreadySigned = errors.New("store: this phone number is already signed up")
)

// isUniqueViolation reports a Postgres unique_violation (23505), optionally
// on one named constraint.
func isUniqueViolation(err error, constraint string) bool {
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) || pqErr.Code != "23505" {
		return false
	}
	return constraint == "" || pqErr.Constraint == constraint
}
