package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/lib/pq"
)

// TestOutagesAreToldFromFailures: a database that is down, restarting or
// full is "try again shortly"; a query that is wrong is a failure.
func TestOutagesAreToldFromFailures(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{driver.ErrBadConn, true},
		{fmt.Errorf("list: %w", io.ErrUnexpectedEOF), true},
		{context.DeadlineExceeded, true},
		{&pq.Error{Code: "08006"}, true},  // connection failure
		{&pq.Error{Code: "57P01"}, true},  // admin shutdown
		{&pq.Error{Code: "53300"}, true},  // too many connections
		{&pq.Error{Code: "42601"}, false}, // syntax error
		{&pq.Error{Code: "23505"}, false}, // unique violation
		{ErrNotFound, false},
		{errors.New("boom"), false},
	} {
		if got := IsUnavailable(c.err); got != c.want {
			t.Errorf("IsUnavailable(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
