package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/gin-gonic/gin"
)

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
	if store.IsUnavailable(err) {
		s.log.Warn("database unavailable", "request_id", c.GetString(ctxRequestID), "route", c.FullPath(), "err", err)
		c.Header("Retry-After", "10")
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable.title", "error.unavailable.body")
		return
	}
	s.log.Error("request failed", "request_id", c.GetString(ctxRequestID), "route", c.FullPath(), "err", err)
	s.renderError(c, http.StatusInternalServerError, "error.server.title", "error.server.body")
}
