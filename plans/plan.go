package plans

import (
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// Plan is one social-housing plan, as the service needs it.
type Plan struct {
	Name     string // e.g. "Beboerprojekt Nordvest"; a proper name, never translated
	LogoText string // shown in every page header
	Contact  Contact
	// Location is the plan's time zone: sessions, weeks and digests are
	// reckoned in it.
	Location *time.Location

	Areas         []Area
	Departments   []Department
	Groups        []domain.OrganisationGroup
	Organisations []domain.Organisation
	Counselling   []domain.CounsellingOffer
	Activities    []domain.Activity // the catalogue a fresh database is seeded with
}

// Contact is how residents reach the plan's staff.
type Contact struct {
	Phone   string `toml:"phone"`
	Email   string `toml:"email"`
	Address string `toml:"address"`
}

// Area is an area of effort (indsatsområde) with its name for staff and
// partners.
type Area struct {
	Key  domain.Area
	Name domain.Text // at least Danish
}

// Department is a housing department with the streets it covers.
type Department struct {
	domain.Department
	Streets []Street
}

// Street is a run of house numbers on one street.
type Street struct {
	Name     string
	From, To int  // inclusive
	Side     Side // all numbers, or only odd or even ones
}

// Side says which house numbers of a range a department has.
type Side string

// The sides of a street.
const (
	BothSides Side = ""
	OddSide   Side = "odd"
	EvenSide  Side = "even"
)

// has reports whether house number n is in the range.
func (s Street) has(n int) bool {
	if n < s.From || n > s.To {
		return false
	}
	switch s.Side {
	case OddSide:
		return n%2 == 1
	case EvenSide:
		return n%2 == 0
	}
	return true
}

// overlaps reports whether two ranges share a house number.
func (s Street) overlaps(o Street) bool {
	if streetKey(s.Name) != streetKey(o.Name) || s.To < o.From || o.To < s.From {
		return false
	}
	if s.Side == BothSides || o.Side == BothSides || s.Side == o.Side {
		return true
	}
	return false // one odd, one even
}

// streetKey folds the ways a resident may write a street name.
func streetKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// AreaKeys lists the plan's areas in order.
func (p *Plan) AreaKeys() []domain.Area {
	out := make([]domain.Area, len(p.Areas))
	for i, a := range p.Areas {
		out[i] = a.Key
	}
	return out
}

// DepartmentAt returns the department that house number n on street
// belongs to. Case and extra spaces in the street name do not matter.
func (p *Plan) DepartmentAt(street string, n int) (Department, bool) {
	k := streetKey(street)
	for _, d := range p.Departments {
		for _, s := range d.Streets {
			if streetKey(s.Name) == k && s.has(n) {
				return d, true
			}
		}
	}
	return Department{}, false
}

// StreetNames lists every street of the plan once, in file order.
func (p *Plan) StreetNames() []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range p.Departments {
		for _, s := range d.Streets {
			if k := streetKey(s.Name); !seen[k] {
				seen[k] = true
				out = append(out, s.Name)
			}
		}
	}
	return out
}
