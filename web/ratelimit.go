package web

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// addressLimiter allows each client address a number of requests a
// minute, with the whole minute's worth as a burst: a family or a youth
// club behind one shared connection signs up several people at once.
type addressLimiter struct {
	perMinute int
	mu        sync.Mutex
	byAddr    map[string]*addressBucket
	swept     time.Time
	now       func() time.Time
}

type addressBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// newAddressLimiter returns nil, meaning no limit, for perMinute <= 0.
func newAddressLimiter(perMinute int, now func() time.Time) *addressLimiter {
	if perMinute <= 0 {
		return nil
	}
	return &addressLimiter{perMinute: perMinute, byAddr: map[string]*addressBucket{}, now: now}
}

// allow takes one request from addr's bucket.
func (l *addressLimiter) allow(addr string) bool {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		// A bucket idle for a minute is full again: forget it.
		for a, b := range l.byAddr {
			if now.Sub(b.seen) > time.Minute {
				delete(l.byAddr, a)
			}
		}
		l.swept = now
	}
	b, ok := l.byAddr[addr]
	if !ok {
		b = &addressBucket{lim: rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), l.perMinute)}
		l.byAddr[addr] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// limit answers 429 with a translated page when an address has sent too
// many; nothing it sent is stored.
func (s *Server) limit(l *addressLimiter) gin.HandlerFunc {
	return func(c *gin.Context) {
		if l == nil || l.allow(c.ClientIP()) {
			c.Next()
			return
		}
		s.log.Warn("rate limited", "request_id", c.GetString(ctxRequestID), "route", c.FullPath())
		c.Header("Retry-After", strconv.Itoa(60))
		s.renderError(c, http.StatusTooManyRequests, "error.toomany.title", "error.toomany.body")
		c.Abort()
	}
}
