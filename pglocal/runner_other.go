//go:build !unix

package pglocal

import (
	"context"
	"os/exec"
)

// runner runs PostgreSQL programs as the calling user: only Unix has root.
type runner struct{}

func newRunner() (runner, error) { return runner{}, nil }

func (runner) command(ctx context.Context, workDir, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = workDir
	return cmd
}

func (runner) prepare(dataDir, logFile string) error { return nil }
