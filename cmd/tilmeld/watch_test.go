package main

import (
	"bytes"
	"net/http"
	"sync"
	"testing"
	"time"
)

// probe is one /readyz request.
type probe struct {
	start, end time.Time
	status     int // 0: no answer
}

// readiness asks /readyz five times a second, as a load balancer would.
type readiness struct {
	stop   chan struct{}
	done   chan struct{}
	probes []probe
}

func watchReadiness(base string) *readiness {
	r := &readiness{stop: make(chan struct{}), done: make(chan struct{})}
	client := &http.Client{Timeout: 3 * time.Second}
	go func() {
		defer close(r.done)
		for {
			p := probe{start: time.Now()}
			if res, err := client.Get(base + "/readyz"); err == nil {
				res.Body.Close()
				p.status = res.StatusCode
			}
			p.end = time.Now()
			r.probes = append(r.probes, p)
			select {
			case <-r.stop:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	return r
}

// finish stops the probing and returns what it saw.
func (r *readiness) finish() []probe {
	close(r.stop)
	<-r.done
	return r.probes
}

func waitUntil(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(limit); !cond(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// Bytes returns a copy of what was written so far.
func (b *syncBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}
