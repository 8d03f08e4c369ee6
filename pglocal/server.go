package pglocal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Defaults for Options.
const (
	DefaultDir      = "data/postgres"
	DefaultPort     = 55432 // far from 5432, so a system server never collides with ours
	DefaultDatabase = "tilmeld"
)

// superuser is the role initdb creates; with trust auth it needs no password.
const superuser = "postgres"

// waitSeconds bounds how long pg_ctl waits for the server to start or stop:
// recovery after a crash can take longer than pg_ctl's 60-second default.
const waitSeconds = "120"

// Options say which server to run. Every field has a default.
type Options struct {
	// Dir is the data folder (default DefaultDir); the server log is
	// postgres.log beside it.
	Dir string
	// Port is the TCP port on 127.0.0.1 (default DefaultPort).
	Port int
	// Database is created after start if missing (default DefaultDatabase).
	Database string
	// Logger receives progress messages (default: none).
	Logger *slog.Logger
	// Bins are the programs to run (default: FindBinaries).
	Bins Bins
}

// Server is a PostgreSQL server running in a data folder.
type Server struct {
	dir     string
	logFile string
	port    int
	bins    Bins
	run     runner
	logger  *slog.Logger
	started bool
}

// Start makes sure a server runs in opts.Dir, initialising the folder first if
// needed, and that opts.Database exists. A server already running there is
// reused, on whatever port it listens.
func Start(ctx context.Context, opts Options) (*Server, error) {
	s, err := open(opts)
	if err != nil {
		return nil, err
	}
	if err := s.ensureRunning(ctx); err != nil {
		return nil, err
	}
	if err := ensureDatabase(ctx, s.URL(superuser), withDefault(opts.Database, DefaultDatabase)); err != nil {
		return nil, errors.Join(err, s.Stop(ctx))
	}
	return s, nil
}

// StopDir stops the server running in opts.Dir, whoever started it; it does
// nothing when none runs. It is for commands such as `tilmeld db stop`.
func StopDir(ctx context.Context, opts Options) error {
	s, err := open(opts)
	if err != nil {
		return err
	}
	running, err := s.running(ctx)
	if err != nil || !running {
		return err
	}
	return s.stop(ctx)
}

// URL is the connection URL of database db on this server.
func (s *Server) URL(db string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User(superuser),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Started reports whether Start started the server, rather than reusing one
// that was already running.
func (s *Server) Started() bool { return s.started }

// Stop stops the server if Start started it, and leaves alone a server that
// someone else started.
func (s *Server) Stop(ctx context.Context) error {
	if !s.started {
		return nil
	}
	if err := s.stop(ctx); err != nil {
		return err
	}
	s.started = false
	return nil
}

func open(opts Options) (*Server, error) {
	dir, err := filepath.Abs(withDefault(opts.Dir, DefaultDir))
	if err != nil {
		return nil, fmt.Errorf("pglocal: data folder: %w", err)
	}
	s := &Server{
		dir:     dir,
		logFile: filepath.Join(filepath.Dir(dir), "postgres.log"),
		port:    opts.Port,
		bins:    opts.Bins,
		logger:  opts.Logger,
	}
	if s.port == 0 {
		s.port = DefaultPort
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	if s.bins == (Bins{}) {
		if s.bins, err = FindBinaries(); err != nil {
			return nil, err
		}
	}
	if s.run, err = newRunner(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) ensureRunning(ctx context.Context) error {
	if err := s.makeDir(); err != nil {
		return err
	}
	running, err := s.running(ctx)
	if err != nil {
		return err
	}
	if running {
		s.logger.InfoContext(ctx, "reusing running PostgreSQL", "dir", s.dir, "port", s.port)
		return nil
	}
	if err := s.initialise(ctx); err != nil {
		return err
	}
	return s.start(ctx)
}

// makeDir creates the data folder private to its owner but its parents open
// to others, since the postgres user may have to pass through them.
func (s *Server) makeDir() error {
	if err := os.MkdirAll(filepath.Dir(s.dir), 0o755); err != nil {
		return fmt.Errorf("pglocal: create data folder: %w", err)
	}
	if err := os.Mkdir(s.dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("pglocal: create data folder: %w", err)
	}
	return s.run.prepare(s.dir, s.logFile)
}

// running asks pg_ctl whether a server runs in the folder and, if so, takes
// its port from postmaster.pid.
func (s *Server) running(ctx context.Context) (bool, error) {
	pid, err := os.ReadFile(filepath.Join(s.dir, "postmaster.pid"))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("pglocal: %w", err)
	}
	out, err := s.pgctl(ctx, "status", "-D", s.dir)
	if exitCode(err) == 3 { // pg_ctl's "no server running"; the pid file is stale
		return false, nil
	}
	if err != nil {
		return false, commandError("pg_ctl status", out, err)
	}
	s.port = portFromPidFile(pid, s.port)
	return true, nil
}

// portFromPidFile reads the port from line 4 of postmaster.pid.
func portFromPidFile(pid []byte, fallback int) int {
	lines := strings.Split(string(pid), "\n")
	if len(lines) < 4 {
		return fallback
	}
	port, err := strconv.Atoi(strings.TrimSpace(lines[3]))
	if err != nil {
		return fallback
	}
	return port
}

func (s *Server) initialise(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(s.dir, "PG_VERSION")); err == nil {
		return nil
	}
	s.logger.InfoContext(ctx, "initialising PostgreSQL data folder", "dir", s.dir)
	out, err := s.initdb(ctx, "--locale=C.UTF-8")
	if err != nil && bytes.Contains(bytes.ToLower(out), []byte("locale")) {
		// Some systems (older macOS) lack C.UTF-8; the C locale sorts the
		// same way and works everywhere.
		s.logger.InfoContext(ctx, "locale C.UTF-8 unavailable, initialising without locale")
		out, err = s.initdb(ctx, "--no-locale")
	}
	if err != nil {
		return commandError("initdb", out, err)
	}
	return nil
}

func (s *Server) initdb(ctx context.Context, locale string) ([]byte, error) {
	args := []string{"-D", s.dir, "--auth=trust", "-U", superuser, "-E", "UTF8", locale}
	return s.run.command(ctx, filepath.Dir(s.dir), s.bins.InitDB, args...).CombinedOutput()
}

func (s *Server) start(ctx context.Context) error {
	s.logger.InfoContext(ctx, "starting PostgreSQL", "dir", s.dir, "port", s.port, "log", s.logFile)
	// TCP only: a socket path can exceed the 107-byte limit and its folder
	// may be closed to the postgres user.
	serverOpts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -c unix_socket_directories=''", s.port)
	out, err := s.pgctl(ctx, "-D", s.dir, "-l", s.logFile, "-w", "-t", waitSeconds, "-o", serverOpts, "start")
	if err != nil {
		return fmt.Errorf("%w\nlast lines of %s:\n%s", commandError("pg_ctl start", out, err), s.logFile, tail(s.logFile, 15))
	}
	s.started = true
	return nil
}

func (s *Server) stop(ctx context.Context) error {
	s.logger.InfoContext(ctx, "stopping PostgreSQL", "dir", s.dir)
	out, err := s.pgctl(ctx, "stop", "-D", s.dir, "-m", "fast", "-w", "-t", waitSeconds)
	if err != nil {
		return commandError("pg_ctl stop", out, err)
	}
	return nil
}

func (s *Server) pgctl(ctx context.Context, args ...string) ([]byte, error) {
	return s.run.command(ctx, filepath.Dir(s.dir), s.bins.PgCtl, args...).CombinedOutput()
}

func commandError(what string, out []byte, err error) error {
	return fmt.Errorf("pglocal: %s: %w\n%s", what, err, bytes.TrimSpace(out))
}

func exitCode(err error) int {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	return -1
}

// tail returns the last n lines of a file, for errors that point into a log.
func tail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func withDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
