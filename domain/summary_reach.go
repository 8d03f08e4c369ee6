package domain

import (
	"cmp"
	"slices"
)

// reachLines counts what reached each area, department and age group.
// Every area, department and age group gets a line, so the ones nothing
// reached are there to see.
func reachLines(p *Plan, f WeekFacts) (areas, depts, ages []ReachLine) {
	areaOf := map[int64]Area{}
	for _, a := range f.Activities {
		areaOf[a.ID] = a.Area
	}
	areaKeys := make([]string, len(p.Areas))
	for i, a := range p.Areas {
		areaKeys[i] = string(a.Key)
	}
	deptKeys := make([]string, 0, len(p.Departments)+2)
	for _, d := range p.Departments {
		deptKeys = append(deptKeys, d.Code)
	}
	deptKeys = append(deptKeys, DepartmentOther, UnknownKey)
	ageKeys := append(AgeGroups(), UnknownKey)

	area, dept, age := newTally(areaKeys), newTally(deptKeys), newTally(ageKeys)
	for id, n := range f.Signups.ByActivity {
		area.at(string(areaOf[id])).Signups += n
	}
	for id, n := range f.Attended.ByActivity {
		area.at(string(areaOf[id])).Attended += n
	}
	for _, x := range f.Referrals.ByTarget {
		area.at(string(x.area(p))).Referrals += x.N
	}
	for k, n := range f.Signups.ByDepartment {
		dept.at(departmentKey(k)).Signups += n
	}
	for k, n := range f.Attended.ByDepartment {
		dept.at(departmentKey(k)).Attended += n
	}
	for k, n := range f.Referrals.ByDepartment {
		dept.at(departmentKey(k)).Referrals += n
	}
	for k, n := range f.Signups.ByAgeGroup {
		age.at(ageGroupKey(k)).Signups += n
	}
	for k, n := range f.Attended.ByAgeGroup {
		age.at(ageGroupKey(k)).Attended += n
	}
	for k, n := range f.Referrals.ByAgeGroup {
		age.at(ageGroupKey(k)).Referrals += n
	}
	return area.lines, dept.lines, age.lines
}

// tally is a fixed list of lines, found by key; an unexpected key gets
// a line of its own at the end rather than being lost.
type tally struct {
	lines []ReachLine
	index map[string]int
}

func newTally(keys []string) *tally {
	t := &tally{index: map[string]int{}}
	for i, k := range keys {
		t.lines = append(t.lines, ReachLine{Key: k})
		t.index[k] = i
	}
	return t
}

func (t *tally) at(key string) *ReachLine {
	i, ok := t.index[key]
	if !ok {
		i = len(t.lines)
		t.lines = append(t.lines, ReachLine{Key: key})
		t.index[key] = i
	}
	return &t.lines[i]
}

// departmentKey is a stored department as a line key: its code, "other"
// for elsewhere, UnknownKey when the form did not ask.
func departmentKey(code string) string {
	if code == "" {
		return UnknownKey
	}
	return code
}

func ageGroupKey(g string) string {
	if slices.Contains(AgeGroups(), g) {
		return g
	}
	return UnknownKey
}

// area is the area of what residents were referred to.
func (x TargetCount) area(p *Plan) Area {
	if x.Area != "" {
		return x.Area
	}
	if o, ok := p.CounsellingOfferByKey(x.OfferKey); ok {
		return o.Area
	}
	return ""
}

// orgLines adds up referrals per organisation, in the order the pickers
// list organisations, unknown keys last.
func orgLines(p *Plan, f WeekFacts) []OrgLine {
	byOrg := map[string]*OrgLine{}
	line := func(org string) *OrgLine {
		if l, ok := byOrg[org]; ok {
			return l
		}
		byOrg[org] = &OrgLine{Org: org}
		return byOrg[org]
	}
	for org, n := range f.Referrals.ByOrg {
		line(org).Received += n
	}
	for _, x := range f.Outcomes {
		l := line(x.Org)
		switch x.Status {
		case ReferralEnrolled:
			l.Enrolled += x.N
		case ReferralWaitlisted:
			l.Waitlisted += x.N
		case ReferralDeclined:
			l.Declined += x.N
		case ReferralCouldNotReach:
			l.CouldNotReach += x.N
		case ReferralWithdrawn:
			l.Withdrawn += x.N
		}
	}
	for _, x := range f.StillOpen {
		line(x.Org).StillOpen += x.N
	}
	order := map[string]int{}
	for i, o := range p.Organisations {
		order[o.Key] = i
	}
	rank := func(key string) int {
		if i, ok := order[key]; ok {
			return i
		}
		return len(order)
	}
	out := make([]OrgLine, 0, len(byOrg))
	for _, l := range byOrg {
		out = append(out, *l)
	}
	slices.SortFunc(out, func(a, b OrgLine) int {
		return cmp.Or(cmp.Compare(rank(a.Org), rank(b.Org)), cmp.Compare(a.Org, b.Org))
	})
	return out
}
