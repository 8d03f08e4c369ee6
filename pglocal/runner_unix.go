//go:build unix

package pglocal

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
)

// serverUserName is the account PostgreSQL runs as when we are root. Debian's
// and most other packages create it.
const serverUserName = "postgres"

// runner runs PostgreSQL programs: as the calling user, or as the postgres
// user when we are root, because initdb and postgres refuse to run as root.
type runner struct {
	as *serverUser // nil when the programs run as the calling user
}

// serverUser is the unprivileged account the programs run as.
type serverUser struct {
	name     string
	uid, gid uint32
	groups   []uint32
}

// newRunner decides who runs the PostgreSQL programs.
func newRunner() (runner, error) {
	if os.Geteuid() != 0 {
		return runner{}, nil
	}
	u, err := lookupServerUser(serverUserName)
	if err != nil {
		return runner{}, err
	}
	return runner{as: u}, nil
}

func lookupServerUser(name string) (*serverUser, error) {
	u, err := user.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("pglocal: PostgreSQL refuses to run as root, so it must run as the user %q, "+
			"which was not found: install PostgreSQL with `apt-get install postgresql` (which creates it) "+
			"or create it with `useradd --system %s`: %w", name, name, err)
	}
	su := &serverUser{name: name}
	if su.uid, err = parseID(u.Uid); err != nil {
		return nil, err
	}
	if su.gid, err = parseID(u.Gid); err != nil {
		return nil, err
	}
	gids, err := u.GroupIds()
	if err != nil {
		return nil, fmt.Errorf("pglocal: groups of user %q: %w", name, err)
	}
	for _, g := range gids {
		id, err := parseID(g)
		if err != nil {
			return nil, err
		}
		su.groups = append(su.groups, id)
	}
	return su, nil
}

func parseID(s string) (uint32, error) {
	id, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("pglocal: numeric user or group id %q: %w", s, err)
	}
	return uint32(id), nil
}

// command builds the command for one PostgreSQL program. It runs in workDir
// because the caller's working folder may be closed to the postgres user.
func (r runner) command(ctx context.Context, workDir, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = workDir
	if r.as != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{
			Uid: r.as.uid, Gid: r.as.gid, Groups: r.as.groups,
		}}
	}
	return cmd
}

// prepare hands dataDir and logFile to the postgres user when we are root,
// after checking that the user can reach them at all.
func (r runner) prepare(dataDir, logFile string) error {
	if r.as == nil {
		return nil
	}
	if err := r.as.checkCanEnter(filepath.Dir(dataDir)); err != nil {
		return err
	}
	if err := chownTree(dataDir, r.as.uid, r.as.gid); err != nil {
		return err
	}
	f, err := os.OpenFile(logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("pglocal: create server log: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("pglocal: create server log: %w", err)
	}
	if err := os.Lchown(logFile, int(r.as.uid), int(r.as.gid)); err != nil {
		return fmt.Errorf("pglocal: hand server log to user %s: %w", r.as.name, err)
	}
	return nil
}

// checkCanEnter fails with advice when some folder from dir up to / is closed
// to the user, such as a checkout under /root or a test's temporary folder,
// since chown of the data folder alone cannot fix that.
func (u *serverUser) checkCanEnter(dir string) error {
	for p := dir; ; p = filepath.Dir(p) {
		info, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("pglocal: %w", err)
		}
		if !u.canEnter(info) {
			return fmt.Errorf("pglocal: PostgreSQL runs as user %s, which cannot enter %s (mode %v): "+
				"keep the data folder elsewhere (e.g. under /srv or /tmp) or run `chmod o+x %s`",
				u.name, p, info.Mode().Perm(), p)
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

// canEnter applies the Unix permission classes: the owner's bits decide for
// the owner, the group's for members, the others' for everyone else.
func (u *serverUser) canEnter(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return true // nothing to judge by; let PostgreSQL report it
	}
	perm := info.Mode().Perm()
	switch {
	case st.Uid == u.uid:
		return perm&0o100 != 0
	case st.Gid == u.gid || slices.Contains(u.groups, st.Gid):
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}

func chownTree(root string, uid, gid uint32) error {
	err := filepath.WalkDir(root, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, int(uid), int(gid))
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("pglocal: hand data folder to the postgres user: %w", err)
	}
	return nil
}
