package domain

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"
)

// The plan's indicators, as this service counts them.
const (
	// YouthMaxAge: an activity is for children and young people when its
	// target group ends at this age or below (under 25, the age up to
	// which the plan's youth offers go). The activity's age range decides,
	// not the age a sign-up gave, because the indicator counts what the
	// youth offers achieve.
	YouthMaxAge = 24
	// RetentionMonths: a young person "still attends" when marked present
	// at a session this many months or more after getting the place.
	RetentionMonths = 6
)

// ErrPeriod means a period's dates were missing, not dates, or reversed.
var ErrPeriod = errors.New("domain: a period is two dates, YYYY-MM-DD, the first not after the second")

// Period is whole days on the Copenhagen calendar, From to To inclusive.
type Period struct {
	From time.Time // a date, midnight UTC
	To   time.Time
}

// ParsePeriod reads two dates written YYYY-MM-DD.
func ParsePeriod(from, to string) (Period, error) {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil || t.Before(f) {
		return Period{}, fmt.Errorf("%w: %q to %q", ErrPeriod, from, to)
	}
	return Period{From: f, To: t}, nil
}

// YearToDate is 1 January of now's year to now's date, in loc: the
// board's reporting year so far.
func YearToDate(now time.Time, loc *time.Location) Period {
	n := now.In(loc)
	return Period{From: time.Date(n.Year(), 1, 1, 0, 0, 0, 0, time.UTC),
		To: time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)}
}

// Bounds are the period's first moment and the first moment after it.
func (p Period) Bounds(loc *time.Location) (start, end time.Time) {
	start = time.Date(p.From.Year(), p.From.Month(), p.From.Day(), 0, 0, 0, 0, loc)
	end = time.Date(p.To.Year(), p.To.Month(), p.To.Day()+1, 0, 0, 0, 0, loc)
	return start, end
}

// RetentionFact is one youth activity's retention: how many got a place
// in the period (Guided), how many of those got it at least RetentionMonths
// ago in an activity that still held sessions that long after (Due: the
// ones that can be measured yet), and how many of those were present at
// such a session (Still).
type RetentionFact struct {
	ActivityID int64
	Title      Text
	Guided     int
	Due        int
	Still      int
}

// Rate is still attending out of those that can be measured.
func (r RetentionFact) Rate() Rate { return Rate{Num: r.Still, Den: r.Due} }

// JobKind is the kind of job an activity is, for the plan's count of jobs
// held for the whole period; staff mark the activities that are jobs.
type JobKind string

// The kinds of job the plan counts.
const (
	JobPocketMoney JobKind = "pocket_money" // lommepengejob, 13–14 years, six months
	JobLeisure     JobKind = "leisure"      // fritidsjob
)

// ErrJobKind means a job kind is not one of JobKinds.
var ErrJobKind = errors.New("domain: not a kind of job the plan counts")

// JobKinds lists the kinds in the order pages show them.
func JobKinds() []JobKind { return []JobKind{JobPocketMoney, JobLeisure} }

// Valid reports whether k is one of the kinds.
func (k JobKind) Valid() bool { return slices.Contains(JobKinds(), k) }

// JobFact is one job activity that ended in the period: how many had a
// place when it began (Placed), and how many kept it without a break to
// its end (Held): the job held for the whole period.
type JobFact struct {
	ActivityID int64
	Title      Text
	Kind       JobKind
	Ends       time.Time
	Placed     int
	Held       int
}

// Rate is held out of placed.
func (j JobFact) Rate() Rate { return Rate{Num: j.Held, Den: j.Placed} }

// Indicators are the plan's indicators for a period, per activity and in
// total.
type Indicators struct {
	Period    Period
	Retention []RetentionFact
	Youth     RetentionFact // all youth activities together
	Jobs      []JobFact
	JobTotals []JobFact // one per kind, in JobKinds order
}

// SummariseIndicators sorts the lines and adds up the totals.
func SummariseIndicators(p Period, retention []RetentionFact, jobs []JobFact) Indicators {
	in := Indicators{Period: p, Retention: slices.Clone(retention), Jobs: slices.Clone(jobs)}
	slices.SortFunc(in.Retention, func(a, b RetentionFact) int {
		return cmp.Or(cmp.Compare(a.Title.In(DefaultLang), b.Title.In(DefaultLang)), cmp.Compare(a.ActivityID, b.ActivityID))
	})
	for _, r := range in.Retention {
		in.Youth.Guided += r.Guided
		in.Youth.Due += r.Due
		in.Youth.Still += r.Still
	}
	slices.SortFunc(in.Jobs, func(a, b JobFact) int {
		return cmp.Or(cmp.Compare(slices.Index(JobKinds(), a.Kind), slices.Index(JobKinds(), b.Kind)),
			a.Ends.Compare(b.Ends), cmp.Compare(a.ActivityID, b.ActivityID))
	})
	for _, k := range JobKinds() {
		t := JobFact{Kind: k}
		for _, j := range in.Jobs {
			if j.Kind == k {
				t.Placed += j.Placed
				t.Held += j.Held
			}
		}
		in.JobTotals = append(in.JobTotals, t)
	}
	return in
}
