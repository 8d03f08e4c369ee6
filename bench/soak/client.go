package main

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"syscall"
	"time"
)

// client sends requests to the instances the way a load balancer and a
// patient resident together would: to either instance, and after a
// connection error or a "try again" answer, again to either, with the same
// form, until a definite answer or a time limit.
type client struct {
	http      *http.Client
	instances []*instance
	led       *ledger
}

func newClient(instances []*instance, led *ledger) *client {
	tr := &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second,
		ResponseHeaderTimeout: 15 * time.Second}
	return &client{instances: instances, led: led,
		http: &http.Client{Transport: tr, Timeout: 20 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// answer is a response read in full.
type answer struct {
	Status int
	Body   string
}

// errGaveUp means no definite answer came within the limit.
var errGaveUp = errors.New("no definite answer within the limit")

// retryable says whether a resident would simply try again: the instance
// is gone, or it asked her to (503), or a proxy would have said so.
func retryable(status int) bool {
	return status == http.StatusInternalServerError || status == http.StatusBadGateway ||
		status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

// do sends the request mk builds to a random instance until an answer
// that is not retryable, or until limit has passed. sent reports whether
// any attempt may have reached a server (the outcome is then uncertain if
// no answer came).
func (c *client) do(kind string, rng *rand.Rand, limit time.Duration, mk func(base string) (*http.Request, error)) (a answer, sent bool, err error) {
	deadline := time.Now().Add(limit)
	for attempt := 0; ; attempt++ {
		in := c.instances[rng.IntN(len(c.instances))]
		req, err := mk(in.base())
		if err != nil {
			return answer{}, sent, err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		res, err := c.http.Do(req.WithContext(ctx))
		if err == nil {
			body, rerr := io.ReadAll(res.Body)
			res.Body.Close()
			a, err = answer{Status: res.StatusCode, Body: string(body)}, rerr
		}
		cancel()
		switch {
		case err != nil:
			c.led.count(kind, "transport error")
			sent = sent || !refused(err)
		case a.Status == http.StatusInternalServerError:
			// Never what a resident should see; a violation, but she
			// would still try again.
			c.led.count(kind, "500")
			c.led.example(kind+" 500", a.Body)
			sent = true
		case retryable(a.Status):
			c.led.count(kind, strconv.Itoa(a.Status))
			sent = true
		default:
			c.led.count(kind, strconv.Itoa(a.Status))
			return a, true, nil
		}
		if time.Now().After(deadline) {
			return a, sent, errGaveUp
		}
		time.Sleep(time.Duration(100+rng.IntN(400)*min(attempt+1, 4)) * time.Millisecond)
	}
}

// refused reports a connection that was never made: nothing was sent.
func refused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }
