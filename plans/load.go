package plans

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

//go:embed nordvest.toml
var nordvestTOML []byte

// DefaultName is how errors in the embedded plan name their file.
const DefaultName = "plans/nordvest.toml"

// Default returns Beboerprojekt Nordvest's plan, embedded in the binary.
func Default() (*domain.Plan, error) {
	return Parse(DefaultName, nordvestTOML)
}

// Load reads the plan at path, or the default plan when path is "".
func Load(path string) (*domain.Plan, error) {
	if path == "" {
		return Default()
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	return Parse(path, data)
}

// Problem is one thing wrong with a plan file, at a line.
type Problem struct {
	File string
	Line int // 0 when the problem belongs to no line
	Msg  string
}

func (p Problem) Error() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
}

// Parse decodes and checks a plan. name is the file name errors give.
// The error joins a Problem for everything wrong, in file order where the
// problems have lines, so one run shows all that needs fixing.
func Parse(name string, data []byte) (*domain.Plan, error) {
	var f file
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, decodeProblems(name, err)
	}
	c := &checker{file: name, lines: indexLines(data)}
	p := c.plan(&f)
	if err := c.err(); err != nil {
		return nil, err
	}
	return p, nil
}

// decodeProblems turns the TOML library's errors into Problems.
func decodeProblems(name string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		errs := make([]error, len(strict.Errors))
		for i, e := range strict.Errors {
			row, _ := e.Position()
			errs[i] = Problem{name, row, fmt.Sprintf("unknown key %q", strings.Join(e.Key(), "."))}
		}
		return errors.Join(errs...)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		return Problem{name, row, strings.TrimPrefix(de.Error(), "toml: ")}
	}
	return Problem{name, 0, strings.TrimPrefix(err.Error(), "toml: ")}
}

// file is the plan as written.
type file struct {
	Name        string            `toml:"name"`
	LogoText    string            `toml:"logo_text"`
	TimeZone    string            `toml:"time_zone"`
	Contact     domain.Contact    `toml:"contact"`
	Areas       []fileArea        `toml:"area"`
	Departments []fileDepartment  `toml:"department"`
	Groups      []fileGroup       `toml:"organisation_group"`
	Orgs        []fileOrg         `toml:"organisation"`
	Counselling []fileCounselling `toml:"counselling"`
	// Activities are checked by package catalog, which reads JSON; each
	// is kept loose here and handed on.
	Activities []map[string]any `toml:"activity"`
}

type fileArea struct {
	Key  string      `toml:"key"`
	Name domain.Text `toml:"name"`
}

type fileDepartment struct {
	Key         string       `toml:"key"`
	Name        string       `toml:"name"`
	Association string       `toml:"association"`
	Streets     []fileStreet `toml:"streets"`
}

type fileStreet struct {
	Name string `toml:"name"`
	From int    `toml:"from"`
	To   int    `toml:"to"`
	Side string `toml:"side"`
}

type fileGroup struct {
	Key  string `toml:"key"`
	Name string `toml:"name"`
}

type fileOrg struct {
	Key   string `toml:"key"`
	Name  string `toml:"name"`
	Group string `toml:"group"`
}

type fileCounselling struct {
	Key    string      `toml:"key"`
	Area   string      `toml:"area"`
	Title  domain.Text `toml:"title"`
	MinAge *int        `toml:"min_age"`
	MaxAge *int        `toml:"max_age"`
}
