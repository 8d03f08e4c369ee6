package domain

import (
	"cmp"
	"slices"
)

// Summary is how one week went: per activity, per area, per housing
// department, per age group and per referring organisation, with totals
// and the totals of the week before. Counts only.
type Summary struct {
	Week        Week
	Window      WeekWindow
	Activities  []ActivityLine // by area in the plan's order, then title
	Areas       []ReachLine    // the plan's areas
	Departments []ReachLine    // the plan's departments, then elsewhere, then unknown
	AgeGroups   []ReachLine    // AgeGroups, then unknown
	Orgs        []OrgLine      // organisations with anything to count, in the pickers' order
	Total       Totals
	Before      WeekBefore // the week before, for the change

	depts []Department // the plan's, in the order of Departments
}

// WeekBefore is what a summary compares with: the week before's new
// sign-ups, cancellations and referrals received (in Total, the rest of
// which is left zero), and its referrals per organisation. The flow of
// people is what changes week to week; attendance rates are compared over
// longer stretches, on the staff page week by week.
type WeekBefore struct {
	Week     Week
	Total    Totals
	Received map[string]int // referrals received, by organisation
}

// ActivityLine is one activity's week.
type ActivityLine struct {
	SummaryActivity
	New        int // sign-ups made in the week
	Cancelled  int // sign-ups cancelled in the week
	Confirmed  int // places held at the week's end
	Waitlisted int // waiting at the week's end
	Sessions   []SessionFact
}

// Fill is places held out of places; unknown without a limit.
func (a ActivityLine) Fill() Rate {
	if a.Capacity == nil {
		return Rate{}
	}
	return Rate{Num: a.Confirmed, Den: *a.Capacity}
}

// Attendance is present out of expected, over the week's sessions with a
// roll call.
func (a ActivityLine) Attendance() Rate {
	var r Rate
	for _, s := range a.Sessions {
		r = r.Add(s.Attendance())
	}
	return r
}

// Attendance is one session's present out of expected; unknown when no
// roll call was taken.
func (s SessionFact) Attendance() Rate {
	if s.Marked == 0 {
		return Rate{}
	}
	return Rate{Num: s.Present, Den: s.Expected}
}

// ReachLine is what reached one area, department or age group in the
// week: new sign-ups, referrals received, and sign-ups present at least
// once (counted per activity).
type ReachLine struct {
	Key       string
	Signups   int
	Referrals int
	Attended  int
}

// Any reports whether anything reached it.
func (r ReachLine) Any() bool { return r.Signups+r.Referrals+r.Attended > 0 }

// OrgLine is one organisation's referrals: how many it sent in the week,
// how many reached each outcome in it, and how many it sent more than
// OpenAlertDays ago are still open.
type OrgLine struct {
	Org           string
	Received      int
	Enrolled      int
	Waitlisted    int
	Declined      int
	CouldNotReach int
	Withdrawn     int
	StillOpen     int
}

// Totals are the week's numbers added up.
type Totals struct {
	New, Cancelled, Confirmed, Waitlisted int
	Fill                                  Rate // over activities with a limit
	Attendance                            Rate // over sessions with a roll call
	Sessions, SessionsMarked              int
	Attended                              int // sign-ups present at least once
	Referrals                             OrgLine
	DepartmentsReached                    int // of the plan's departments
}

// Summarise adds up a week's facts, and the week before's for the change.
func Summarise(p *Plan, cur, before WeekFacts) Summary {
	s := summarise(p, cur)
	b := summarise(p, before)
	s.Before = WeekBefore{Week: before.Window.Week, Total: b.Total, Received: map[string]int{}}
	for _, o := range b.Orgs {
		s.Before.Received[o.Org] = o.Received
	}
	return s
}

func summarise(p *Plan, f WeekFacts) Summary {
	s := Summary{Week: f.Window.Week, Window: f.Window, depts: p.Departments}
	s.Activities = activityLines(p, f)
	s.Areas, s.Departments, s.AgeGroups = reachLines(p, f)
	s.Orgs = orgLines(p, f)
	s.Total = totals(s)
	return s
}

func activityLines(p *Plan, f WeekFacts) []ActivityLine {
	byID := map[int64]*ActivityLine{}
	for _, a := range f.Activities {
		byID[a.ID] = &ActivityLine{SummaryActivity: a}
	}
	line := func(id int64) *ActivityLine {
		if l, ok := byID[id]; ok {
			return l
		}
		// The store names every activity it counts; keep the count even
		// if one slipped, under an empty title, rather than lose it.
		byID[id] = &ActivityLine{SummaryActivity: SummaryActivity{ID: id}}
		return byID[id]
	}
	for id, n := range f.Signups.ByActivity {
		line(id).New += n
	}
	for _, x := range f.Cancelled {
		line(x.ActivityID).Cancelled += x.N
	}
	for _, x := range f.Places {
		l := line(x.ActivityID)
		l.Confirmed, l.Waitlisted = x.Confirmed, x.Waitlisted
	}
	for _, x := range f.Sessions {
		l := line(x.ActivityID)
		l.Sessions = append(l.Sessions, x)
	}
	out := make([]ActivityLine, 0, len(byID))
	for _, l := range byID {
		slices.SortFunc(l.Sessions, func(a, b SessionFact) int { return a.StartsAt.Compare(b.StartsAt) })
		out = append(out, *l)
	}
	slices.SortFunc(out, func(a, b ActivityLine) int {
		return cmp.Or(cmp.Compare(p.areaOrder(a.Area), p.areaOrder(b.Area)),
			cmp.Compare(a.Title.In(DefaultLang), b.Title.In(DefaultLang)), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func totals(s Summary) Totals {
	var t Totals
	for _, a := range s.Activities {
		t.New += a.New
		t.Cancelled += a.Cancelled
		t.Confirmed += a.Confirmed
		t.Waitlisted += a.Waitlisted
		t.Fill = t.Fill.Add(a.Fill())
		t.Attendance = t.Attendance.Add(a.Attendance())
		t.Sessions += len(a.Sessions)
		for _, se := range a.Sessions {
			if se.Marked > 0 {
				t.SessionsMarked++
			}
		}
	}
	for _, d := range s.Departments[:len(s.depts)] {
		if d.Any() {
			t.DepartmentsReached++
		}
	}
	for _, ar := range s.Areas {
		t.Attended += ar.Attended
	}
	for _, o := range s.Orgs {
		t.Referrals = t.Referrals.add(o)
	}
	return t
}

func (o OrgLine) add(x OrgLine) OrgLine {
	o.Received += x.Received
	o.Enrolled += x.Enrolled
	o.Waitlisted += x.Waitlisted
	o.Declined += x.Declined
	o.CouldNotReach += x.CouldNotReach
	o.Withdrawn += x.Withdrawn
	o.StillOpen += x.StillOpen
	return o
}

// DepartmentsWithout lists the plan's departments nothing reached this
// week.
func (s Summary) DepartmentsWithout() []Department {
	var out []Department
	for i, d := range s.Departments[:len(s.depts)] {
		if !d.Any() {
			out = append(out, s.depts[i])
		}
	}
	return out
}
