package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// instance is one `tilmeld serve` process, started again on the same
// address after every kill.
type instance struct {
	name string
	addr string // 127.0.0.1:port
	bin  string
	env  []string
	log  *os.File

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
	kills  []time.Time // when it was SIGKILLed
	starts int
}

func (in *instance) base() string { return "http://" + in.addr }

// start runs the process and waits until /readyz says ready. A process
// that exits meanwhile (the database is restarting, say) is started again.
func (in *instance) start(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		in.mu.Lock()
		cmd := exec.Command(in.bin, "serve")
		cmd.Env = in.env
		cmd.Stdout, cmd.Stderr = in.log, in.log
		err := cmd.Start()
		exited := make(chan struct{})
		if err == nil {
			in.cmd, in.exited = cmd, exited
			in.starts++
			go func() { cmd.Wait(); close(exited) }()
		}
		in.mu.Unlock()
		if err != nil {
			return fmt.Errorf("start %s: %w", in.name, err)
		}
		if in.waitReady(ctx, exited, deadline) {
			return nil
		}
		select {
		case <-exited:
			time.Sleep(500 * time.Millisecond) // it gave up; try again
		default:
			cmd.Process.Kill()
			<-exited
			return fmt.Errorf("%s did not become ready within %s", in.name, limit)
		}
	}
	return fmt.Errorf("%s did not become ready within %s", in.name, limit)
}

func (in *instance) waitReady(ctx context.Context, exited chan struct{}, deadline time.Time) bool {
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) && ctx.Err() == nil {
		select {
		case <-exited:
			return false
		default:
		}
		if res, err := client.Get(in.base() + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return true
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

// kill sends SIGKILL: no draining, no goodbye.
func (in *instance) kill() {
	in.mu.Lock()
	cmd, exited := in.cmd, in.exited
	in.kills = append(in.kills, time.Now())
	in.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Kill()
	<-exited
}

// stop sends SIGTERM, which drains requests in flight, and kills the
// process if it is not gone within ten seconds.
func (in *instance) stop() error {
	in.mu.Lock()
	cmd, exited := in.cmd, in.exited
	in.mu.Unlock()
	if cmd == nil {
		return nil
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-exited:
		return nil
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-exited
		return fmt.Errorf("%s did not stop within 10s of SIGTERM", in.name)
	}
}

// running reports whether the process is alive.
func (in *instance) running() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.exited == nil {
		return false
	}
	select {
	case <-in.exited:
		return false
	default:
		return true
	}
}

func (in *instance) killTimes() []time.Time {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]time.Time(nil), in.kills...)
}
