package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"

	"github.com/lib/pq"
)

// IsUnavailable reports errors that mean the database cannot be reached
// right now: the caller should ask the person to try again shortly, not
// report a failure.
func IsUnavailable(err error) bool {
	var netErr net.Error
	var pqErr *pq.Error
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr),
		// lib/pq reports a connection closed under it as a bare EOF.
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, sql.ErrConnDone):
		return true
	case errors.As(err, &pqErr):
		// Class 08: connection exceptions; 57P0x: the server is shutting
		// down or restarting; 53300: too many connections.
		code := string(pqErr.Code)
		return code[:2] == "08" || code == "57P01" || code == "57P02" || code == "57P03" || code == "53300"
	}
	return false
}
