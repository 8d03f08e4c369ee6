package web

import (
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

// accessLog writes one line per request and times it for /metrics. It
// names the route pattern, never the path itself: cancel links and
// password links carry secrets in the path, and queries may carry
// anything.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	took := time.Since(start)
	code := c.Writer.Status()
	if m := s.cfg.Metrics; m != nil {
		m.HTTP.WithLabelValues(route, c.Request.Method, strconv.Itoa(code)).Observe(took.Seconds())
	}
	s.log.Info("request", "request_id", c.GetString(ctxRequestID), "method", c.Request.Method,
		"route", route, "status", code, "ms", took.Milliseconds(), "bytes", c.Writer.Size())
}

// countSignup records a new sign-up and any waiting-list promotions.
func (s *Server) countSignup(status string, promoted int) {
	m := s.cfg.Metrics
	if m == nil {
		return
	}
	if status != "" {
		m.Signups.WithLabelValues(status).Inc()
	}
	m.Promotions.Add(float64(promoted))
}
