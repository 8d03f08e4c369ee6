package domain

import (
	"strings"
	"time"
)

// Plan is the social-housing plan the service runs for: its name,
// contact and time zone, and the lists the rules consult (areas,
// housing departments, partner organisations, counselling offers).
// Package plans reads it from a file; it is passed to whatever needs it.
type Plan struct {
	Name     string // e.g. "Beboerprojekt Nordvest"; a proper name, never translated
	LogoText string // shown in every page header
	Contact  Contact
	// Location is the plan's time zone: sessions, weeks and digests are
	// reckoned on its wall clock.
	Location *time.Location

	Areas         []AreaInfo
	Departments   []Department
	Groups        []OrganisationGroup
	Organisations []Organisation
	Counselling   []CounsellingOffer
	Activities    []Activity // the catalogue a fresh database is seeded with
}

// Contact is how residents reach the plan's staff.
type Contact struct {
	Phone   string `toml:"phone"`
	Email   string `toml:"email"`
	Address string `toml:"address"`
}

// AreaInfo is an area of effort with its name for staff and partners.
type AreaInfo struct {
	Key  Area
	Name Text // at least Danish
}

// Street is a run of house numbers on one street.
type Street struct {
	Name     string
	From, To int  // inclusive
	Side     Side // all numbers, or only the odd or the even ones
}

// Side says which house numbers of a range a department has.
type Side string

// The sides of a street.
const (
	BothSides Side = ""
	OddSide   Side = "odd"
	EvenSide  Side = "even"
)

// Has reports whether house number n is in the range.
func (s Street) Has(n int) bool {
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

// Overlaps reports whether two ranges share a house number.
func (s Street) Overlaps(o Street) bool {
	if StreetKey(s.Name) != StreetKey(o.Name) || s.To < o.From || o.To < s.From {
		return false
	}
	return s.Side == BothSides || o.Side == BothSides || s.Side == o.Side
}

// StreetKey folds the ways a resident may write a street name: case and
// extra spaces do not matter.
func StreetKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// AreaKeys lists the plan's areas in order.
func (p *Plan) AreaKeys() []Area {
	out := make([]Area, len(p.Areas))
	for i, a := range p.Areas {
		out[i] = a.Key
	}
	return out
}

// HasArea reports whether a is one of the plan's areas.
func (p *Plan) HasArea(a Area) bool {
	for _, x := range p.Areas {
		if x.Key == a {
			return true
		}
	}
	return false
}

// areaOrder is a's place among the plan's areas; unknown areas last.
func (p *Plan) areaOrder(a Area) int {
	for i, x := range p.Areas {
		if x.Key == a {
			return i
		}
	}
	return len(p.Areas)
}

// DepartmentAt returns the department house number n on street belongs
// to.
func (p *Plan) DepartmentAt(street string, n int) (Department, bool) {
	k := StreetKey(street)
	for _, d := range p.Departments {
		for _, s := range d.Streets {
			if StreetKey(s.Name) == k && s.Has(n) {
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
			if k := StreetKey(s.Name); !seen[k] {
				seen[k] = true
				out = append(out, s.Name)
			}
		}
	}
	return out
}

// Department returns the department with the given code.
func (p *Plan) Department(code string) (Department, bool) {
	for _, d := range p.Departments {
		if d.Code == code {
			return d, true
		}
	}
	return Department{}, false
}

// OrganisationByKey returns the organisation with the given key.
func (p *Plan) OrganisationByKey(key string) (Organisation, bool) {
	for _, o := range p.Organisations {
		if o.Key == key {
			return o, true
		}
	}
	return Organisation{}, false
}

// CounsellingOfferByKey returns the offer with the given key.
func (p *Plan) CounsellingOfferByKey(key string) (CounsellingOffer, bool) {
	for _, o := range p.Counselling {
		if o.Key == key {
			return o, true
		}
	}
	return CounsellingOffer{}, false
}

// DepartmentOptions are the answers to the common department question:
// the plan's departments, then "somewhere else".
func (p *Plan) DepartmentOptions() []Option {
	out := make([]Option, 0, len(p.Departments)+1)
	for _, d := range p.Departments {
		out = append(out, Option{Value: d.Code, Label: Text{DefaultLang: d.Name}})
	}
	return append(out, Option{Value: DepartmentOther, LabelID: "field.department.elsewhere"})
}

// CommonField is the shared field named use, with the plan's departments
// as the department question's options.
func (p *Plan) CommonField(use string) (Field, bool) {
	f, ok := CommonField(use)
	if ok && use == KeyDepartment {
		f.Options = p.DepartmentOptions()
	}
	return f, ok
}

// Form returns f with the plan's departments as the options of every
// field that asks for the department. A stored form refers to the
// common field only, so it is completed here before it is shown or
// checked.
func (p *Plan) Form(f Form) Form {
	out := Form{Fields: make([]Field, len(f.Fields))}
	for i, fd := range f.Fields {
		if fd.Use == KeyDepartment {
			fd.Options = p.DepartmentOptions()
		}
		out.Fields[i] = fd
	}
	return out
}
