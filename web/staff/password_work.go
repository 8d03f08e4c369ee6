package staff

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

// hashWait is how long a login or a new password waits for its turn to
// be hashed before it is told to try again.
const hashWait = 5 * time.Second

// passwordWork bounds the argon2id hashes running at once. Each takes
// 19 MiB while it runs, and a login for an unknown address is hashed
// too (so its speed tells nothing): unbounded, a few hundred logins sent
// at once would take the service's memory, with no need to know anyone's
// password.
type passwordWork struct {
	slots chan struct{}
	wait  time.Duration
}

// newPasswordWork allows half as many hashes at once as Go uses cores,
// at least one and at most four: the hashes are slow on purpose, and the
// other half of the cores keep serving residents meanwhile.
func newPasswordWork() *passwordWork {
	n := min(max(runtime.GOMAXPROCS(0)/2, 1), 4)
	return &passwordWork{slots: make(chan struct{}, n), wait: hashWait}
}

// errHashBusy means no hash slot came free within hashWait.
var errHashBusy = errors.New("password hashing: every slot busy")

// do runs fn, a password hash, when a slot is free. After waiting
// hashWait, or when the request ends first, it gives up without running fn.
func (w *passwordWork) do(ctx context.Context, fn func()) error {
	t := time.NewTimer(w.wait)
	defer t.Stop()
	select {
	case w.slots <- struct{}{}:
		defer func() { <-w.slots }()
		fn()
		return nil
	case <-t.C:
		return errHashBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

// hashBusy answers a request whose password could not be hashed in time:
// 503 with Retry-After, and a page saying nothing was saved or counted.
// A request that ended first goes to serverError, which knows it (499).
func (s *Server) hashBusy(c *gin.Context, err error) {
	if !errors.Is(err, errHashBusy) {
		s.serverError(c, err)
		return
	}
	c.Header("Retry-After", strconv.Itoa(int(hashWait.Seconds())))
	s.staffMessage(c, http.StatusServiceUnavailable, "staff.busy.title", "staff.busy.body")
}
