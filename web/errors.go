package web

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/lib/pq"
)

// unavailable reports errors that mean the database cannot be reached
// right now: the resident should try again shortly, not see a failure.
func unavailable(err error) bool {
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

// serverError is the one place server-side failures are logged; the
// resident sees a translated page and never the Go error.
func (s *Server) serverError(c *gin.Context, err error) {
	if errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil {
		// She closed the page or lost her connection before the answer:
		// nothing failed, and there is no one to answer (nginx's 499).
		s.log.Info("request abandoned", "request_id", c.GetString(ctxRequestID), "route", c.FullPath())
		c.AbortWithStatus(499)
		return
	}
	if unavailable(err) {
		s.log.Warn("database unavailable", "request_id", c.GetString(ctxRequestID), "route", c.FullPath(), "err", err)
		c.Header("Retry-After", "10")
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable.title", "error.unavailable.body")
		return
	}
	s.log.Error("request failed", "request_id", c.GetString(ctxRequestID), "route", c.FullPath(), "err", err)
	s.renderError(c, http.StatusInternalServerError, "error.server.title", "error.server.body")
}
