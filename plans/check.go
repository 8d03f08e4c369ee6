package plans

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/catalog"
	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// checker builds a Plan from the file as written and collects what is
// wrong, each problem at the line of the value it is about.
type checker struct {
	file  string
	lines lineIndex
	probs []Problem
}

func (c *checker) add(path, format string, args ...any) {
	c.probs = append(c.probs, Problem{c.file, c.lines.line(path), fmt.Sprintf(format, args...)})
}

func (c *checker) err() error {
	slices.SortStableFunc(c.probs, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	errs := make([]error, len(c.probs))
	for i, p := range c.probs {
		errs[i] = p
	}
	return errors.Join(errs...)
}

func (c *checker) plan(f *file) *domain.Plan {
	p := &domain.Plan{Name: strings.TrimSpace(f.Name), LogoText: strings.TrimSpace(f.LogoText), Contact: f.Contact}
	if p.Name == "" {
		c.add("name", "the plan has no name")
	}
	if p.LogoText == "" {
		c.add("logo_text", "the plan has no logo_text (the page header's text)")
	}
	c.contact(f.Contact)
	p.Location = c.location(f.TimeZone)
	p.Areas = c.areas(f.Areas)
	areas := p.AreaKeys()
	p.Departments = c.departments(f.Departments)
	p.Groups = c.groups(f.Groups)
	p.Organisations = c.organisations(f.Orgs, p.Groups)
	p.Counselling = c.counselling(f.Counselling, areas)
	p.Activities = c.activities(f.Activities, areas)
	return p
}

func (c *checker) contact(ct domain.Contact) {
	if strings.TrimSpace(ct.Phone) == "" && strings.TrimSpace(ct.Email) == "" {
		c.add("contact", "contact needs a phone or an e-mail address")
	}
	if e := strings.TrimSpace(ct.Email); e != "" && !strings.Contains(e, "@") {
		c.add("contact.email", "contact e-mail %q has no @", e)
	}
}

func (c *checker) location(tz string) *time.Location {
	if strings.TrimSpace(tz) == "" {
		c.add("time_zone", `the plan has no time_zone (e.g. "Europe/Copenhagen")`)
		return time.UTC
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "Local" {
		c.add("time_zone", "time_zone %q is not a known IANA time zone", tz)
		return time.UTC
	}
	return loc
}

// keys remembers the keys of one list, each with the path of its entry.
type keys map[string]string

// key checks the key of the entry at path and remembers it; it reports
// false for a malformed or repeated key.
func (c *checker) key(seen keys, path, what, key string) bool {
	if !validKey(key) {
		c.add(path+".key", "%s key %q is not lower-case letters and digits joined by dashes", what, key)
		return false
	}
	if first, dup := seen[key]; dup {
		c.add(path+".key", "%s key %q is used twice (first on line %d)", what, key, c.lines.line(first+".key"))
		return false
	}
	seen[key] = path
	return true
}

func (c *checker) areas(in []fileArea) []domain.AreaInfo {
	if len(in) == 0 {
		c.add("", "the plan has no [[area]]")
	}
	seen := keys{}
	out := make([]domain.AreaInfo, 0, len(in))
	for i, a := range in {
		path := fmt.Sprintf("area[%d]", i)
		c.key(seen, path, "area", a.Key)
		if strings.TrimSpace(a.Name["da"]) == "" {
			c.add(path+".name", "area %q has no Danish name (name.da)", a.Key)
		}
		out = append(out, domain.AreaInfo{Key: domain.Area(a.Key), Name: a.Name})
	}
	return out
}

func (c *checker) departments(in []fileDepartment) []domain.Department {
	if len(in) == 0 {
		c.add("", "the plan has no [[department]]")
	}
	seen := keys{}
	var streets []placed
	out := make([]domain.Department, 0, len(in))
	for i, d := range in {
		path := fmt.Sprintf("department[%d]", i)
		if c.key(seen, path, "department", d.Key) && d.Key == domain.DepartmentOther {
			c.add(path+".key", "department key %q is kept for residents living elsewhere", d.Key)
		}
		if strings.TrimSpace(d.Name) == "" {
			c.add(path+".name", "department %q has no name", d.Key)
		}
		if strings.TrimSpace(d.Association) == "" {
			c.add(path+".association", "department %q has no association", d.Key)
		}
		dep := domain.Department{Code: d.Key, Name: d.Name, Association: d.Association}
		for j, s := range d.Streets {
			sp := fmt.Sprintf("%s.streets[%d]", path, j)
			st := c.street(sp, d.Key, s)
			for _, o := range streets {
				if st.Overlaps(o.Street) {
					c.add(sp, "%s %s overlaps %s %s of department %q (line %d)",
						st.Name, numbers(st), o.Name, numbers(o.Street), o.dept, c.lines.line(o.path))
				}
			}
			streets = append(streets, placed{st, d.Key, sp})
			dep.Streets = append(dep.Streets, st)
		}
		out = append(out, dep)
	}
	return out
}

// placed is a street range with where it was written.
type placed struct {
	domain.Street
	dept, path string
}

func (c *checker) street(path, dept string, s fileStreet) domain.Street {
	st := domain.Street{Name: strings.TrimSpace(s.Name), From: s.From, To: s.To, Side: domain.Side(s.Side)}
	if st.Name == "" {
		c.add(path, "a street of department %q has no name", dept)
	}
	if st.From < 1 || st.To < st.From {
		c.add(path, "%s: house numbers from %d to %d are not a range (from ≥ 1, to ≥ from)", st.Name, st.From, st.To)
	}
	if st.Side != domain.BothSides && st.Side != domain.OddSide && st.Side != domain.EvenSide {
		c.add(path+".side", `%s: side %q is not "odd" or "even" (leave it out for both)`, st.Name, s.Side)
	}
	return st
}

// numbers says a range in words, for errors.
func numbers(s domain.Street) string {
	out := fmt.Sprintf("%d–%d", s.From, s.To)
	if s.Side != domain.BothSides {
		out += " (" + string(s.Side) + ")"
	}
	return out
}

func (c *checker) groups(in []fileGroup) []domain.OrganisationGroup {
	seen := keys{}
	out := make([]domain.OrganisationGroup, 0, len(in))
	for i, g := range in {
		path := fmt.Sprintf("organisation_group[%d]", i)
		c.key(seen, path, "organisation group", g.Key)
		if strings.TrimSpace(g.Name) == "" {
			c.add(path+".name", "organisation group %q has no name", g.Key)
		}
		out = append(out, domain.OrganisationGroup{Key: g.Key, Name: g.Name})
	}
	return out
}

func (c *checker) organisations(in []fileOrg, groups []domain.OrganisationGroup) []domain.Organisation {
	seen := keys{}
	out := make([]domain.Organisation, 0, len(in))
	for i, o := range in {
		path := fmt.Sprintf("organisation[%d]", i)
		c.key(seen, path, "organisation", o.Key)
		if strings.TrimSpace(o.Name) == "" {
			c.add(path+".name", "organisation %q has no name", o.Key)
		}
		if len([]rune(o.Name)) > 75 {
			c.add(path+".name", "organisation %q: name is longer than the 75 characters Slack shows", o.Key)
		}
		if !slices.ContainsFunc(groups, func(g domain.OrganisationGroup) bool { return g.Key == o.Group }) {
			c.add(path+".group", "organisation %q: group %q is not an [[organisation_group]]", o.Key, o.Group)
		}
		out = append(out, domain.Organisation{Key: o.Key, Name: o.Name, Group: o.Group})
	}
	if _, ok := seen[domain.OrganisationOther]; !ok {
		c.add("", "the plan has no organisation with key %q, for partners not on the list", domain.OrganisationOther)
	}
	return out
}

func (c *checker) counselling(in []fileCounselling, areas []domain.Area) []domain.CounsellingOffer {
	seen := keys{}
	out := make([]domain.CounsellingOffer, 0, len(in))
	for i, o := range in {
		path := fmt.Sprintf("counselling[%d]", i)
		c.key(seen, path, "counselling offer", o.Key)
		if !slices.Contains(areas, domain.Area(o.Area)) {
			c.add(path+".area", "counselling offer %q: area %q is not one of the plan's areas", o.Key, o.Area)
		}
		for _, l := range []string{"da", "en"} {
			if strings.TrimSpace(o.Title[l]) == "" {
				c.add(path+".title", "counselling offer %q has no title.%s", o.Key, l)
			}
		}
		if o.MinAge != nil && o.MaxAge != nil && *o.MinAge > *o.MaxAge {
			c.add(path+".min_age", "counselling offer %q: min_age %d is above max_age %d", o.Key, *o.MinAge, *o.MaxAge)
		}
		out = append(out, domain.CounsellingOffer{Key: o.Key, Area: domain.Area(o.Area), Title: o.Title, MinAge: o.MinAge, MaxAge: o.MaxAge})
	}
	return out
}

// activities hands each activity to package catalog, which knows what an
// activity and its form must have.
func (c *checker) activities(in []map[string]any, areas []domain.Area) []domain.Activity {
	seen := map[string]string{}
	out := make([]domain.Activity, 0, len(in))
	for i, raw := range in {
		path := fmt.Sprintf("activity[%d]", i)
		item, err := json.Marshal(raw)
		if err != nil {
			c.add(path, "activity: %v", err)
			continue
		}
		a, probs := catalog.Decode(item, areas)
		name := fmt.Sprintf("%q", a.Slug)
		if first, dup := seen[a.Slug]; dup && a.Slug != "" {
			c.add(path+".slug", "activity %q: slug is used twice (first on line %d)", a.Slug, c.lines.line(first))
		}
		seen[a.Slug] = path
		for _, p := range probs {
			c.add(path, "activity %s: %s", name, p)
		}
		c.audiences(path, name, a.Audiences)
		out = append(out, a)
	}
	return out
}

// audiences checks who an activity is for: at least one of the home
// page filter's words, each once, each problem at its own line.
func (c *checker) audiences(path, name string, in []domain.Audience) {
	if len(in) == 0 {
		c.add(path, "activity %s has no audiences (who it is for: %s)", name, audienceWords())
		return
	}
	for i, a := range in {
		ap := fmt.Sprintf("%s.audiences[%d]", path, i)
		switch {
		case !a.Valid():
			c.add(ap, "activity %s: audience %q is not one of %s", name, a, audienceWords())
		case slices.Contains(in[:i], a):
			c.add(ap, "activity %s: audience %q is given twice", name, a)
		}
	}
}

// audienceWords lists the audiences for errors: "children|youth|...".
func audienceWords() string {
	words := make([]string, len(domain.Audiences))
	for i, a := range domain.Audiences {
		words[i] = string(a)
	}
	return strings.Join(words, "|")
}

// validKey reports whether s is lower-case ASCII letters and
// digits joined by single dashes.
func validKey(s string) bool {
	if s == "" || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
