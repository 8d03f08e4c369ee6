package pglocal

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
)

// ErrNotInstalled means no PostgreSQL server programs were found. Its text says
// what to install, because a person reads it on a machine that lacks them.
var ErrNotInstalled = errors.New("PostgreSQL is not installed: install it with " +
	"`sudo apt-get install postgresql` (Debian/Ubuntu) or `brew install postgresql@16` (macOS), " +
	"or set DATABASE_URL to an existing server")

// Bins are the PostgreSQL programs pglocal runs. Both come from one folder so
// that their versions match; pg_ctl finds the postgres server beside itself.
type Bins struct {
	InitDB string
	PgCtl  string
}

// DefaultSearchDirs are the folders, as glob patterns, where PostgreSQL is
// installed when its programs are not on PATH: Debian keeps them out of PATH,
// and Homebrew's versioned formulae are keg-only.
func DefaultSearchDirs() []string {
	return []string{
		"/usr/lib/postgresql/*/bin",
		"/usr/pgsql-*/bin",
		"/usr/local/pgsql/bin",
		"/opt/homebrew/opt/postgresql@*/bin",
		"/opt/homebrew/bin",
		"/usr/local/opt/postgresql@*/bin",
		"/usr/local/bin",
		"/Applications/Postgres.app/Contents/Versions/*/bin",
	}
}

// FindBinaries looks for initdb and pg_ctl on PATH, then in DefaultSearchDirs.
func FindBinaries() (Bins, error) {
	return FindBinariesIn(os.Getenv("PATH"), DefaultSearchDirs())
}

// FindBinariesIn looks for initdb and pg_ctl in the folders of pathList (in
// PATH syntax), then in the folders matching patterns, newest version first.
// It returns ErrNotInstalled when no folder holds both.
func FindBinariesIn(pathList string, patterns []string) (Bins, error) {
	dirs := filepath.SplitList(pathList)
	for _, pattern := range patterns {
		dirs = append(dirs, newestFirst(glob(pattern))...)
	}
	for _, dir := range dirs {
		if dir == "" {
			continue // an empty PATH entry means the working folder; never run from there
		}
		bins := Bins{InitDB: filepath.Join(dir, "initdb"), PgCtl: filepath.Join(dir, "pg_ctl")}
		if isExecutable(bins.InitDB) && isExecutable(bins.PgCtl) {
			return bins, nil
		}
	}
	return Bins{}, ErrNotInstalled
}

func glob(pattern string) []string {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil // only a malformed pattern fails, and the patterns are ours
	}
	return matches
}

// newestFirst orders folders such as .../postgresql/9.6/bin and
// .../postgresql/16/bin by the numbers in their paths, highest first, because
// a plain string sort would put 9.6 after 16.
func newestFirst(dirs []string) []string {
	slices.SortStableFunc(dirs, func(a, b string) int {
		return slices.Compare(versionKey(b), versionKey(a))
	})
	return dirs
}

// versionKey returns the runs of digits in s as numbers: "/x/postgresql@16.2" gives [16 2].
func versionKey(s string) []int {
	var nums []int
	inRun := false
	for _, r := range s {
		if r < '0' || r > '9' {
			inRun = false
			continue
		}
		if !inRun {
			nums = append(nums, 0)
			inRun = true
		}
		nums[len(nums)-1] = nums[len(nums)-1]*10 + int(r-'0')
	}
	return nums
}

func isExecutable(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o111 != 0
}

// FindProgram looks for one more PostgreSQL program, such as pg_dump: in
// the installed versions' folders (DefaultSearchDirs), newest first, then
// on PATH. The newest comes first because a newer pg_dump reads an older
// server, but not the other way round.
func FindProgram(name string) (string, error) {
	dirs := filepath.SplitList(os.Getenv("PATH"))
	var found []string
	for _, pattern := range DefaultSearchDirs() {
		found = append(found, glob(pattern)...)
	}
	dirs = append(newestFirst(found), dirs...)
	for _, dir := range dirs {
		if p := filepath.Join(dir, name); dir != "" && isExecutable(p) {
			return p, nil
		}
	}
	return "", ErrNotInstalled
}
