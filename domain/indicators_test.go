package domain

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestIndicatorsAddUpLikeThePlan(t *testing.T) {
	p, err := ParsePeriod("2024-01-01", "2024-12-31")
	if err != nil {
		t.Fatal(err)
	}
	end := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	in := SummariseIndicators(p,
		[]RetentionFact{
			{ActivityID: 2, Title: Text{"da": "Din Fritid NV"}, Guided: 70, Due: 60, Still: 51},
			{ActivityID: 1, Title: Text{"da": "Aktive Børn"}, Guided: 35, Due: 30, Still: 25},
		},
		[]JobFact{
			{ActivityID: 5, Kind: JobLeisure, Ends: end, Placed: 36, Held: 35},
			{ActivityID: 4, Kind: JobPocketMoney, Ends: end.AddDate(0, 6, 0), Placed: 12, Held: 11},
			{ActivityID: 3, Kind: JobPocketMoney, Ends: end, Placed: 13, Held: 12},
		})
	cases := []struct {
		name      string
		got, want any
	}{
		{"retention by title", in.Retention[0].ActivityID, int64(1)},
		{"youth total: the plan's 90 guided, 76 still there", in.Youth, RetentionFact{Guided: 105, Due: 90, Still: 76}},
		{"its rate", in.Youth.Rate().Text("en"), "84.4%"},
		{"jobs by kind, then end", []int64{in.Jobs[0].ActivityID, in.Jobs[1].ActivityID, in.Jobs[2].ActivityID}, []int64{3, 4, 5}},
		{"pocket-money jobs held", in.JobTotals[0], JobFact{Kind: JobPocketMoney, Placed: 25, Held: 23}},
		{"leisure jobs held", in.JobTotals[1], JobFact{Kind: JobLeisure, Placed: 36, Held: 35}},
		{"job rate", in.JobTotals[0].Rate(), Rate{23, 25}},
	}
	for _, c := range cases {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestPeriods(t *testing.T) {
	loc := copenhagen(t)
	p, err := ParsePeriod("2026-03-01", "2026-03-31")
	if err != nil {
		t.Fatal(err)
	}
	start, end := p.Bounds(loc)
	if start.Format(time.RFC3339) != "2026-03-01T00:00:00+01:00" || end.Format(time.RFC3339) != "2026-04-01T00:00:00+02:00" {
		t.Errorf("March 2026 runs %s to %s", start, end)
	}
	for _, bad := range [][2]string{{"2026-03-31", "2026-03-01"}, {"", "2026-03-01"}, {"31-03-2026", "2026-04-01"}} {
		if _, err := ParsePeriod(bad[0], bad[1]); !errors.Is(err, ErrPeriod) {
			t.Errorf("ParsePeriod(%q, %q) = %v", bad[0], bad[1], err)
		}
	}
	ytd := YearToDate(time.Date(2026, 11, 27, 23, 30, 0, 0, time.UTC), loc) // 00:30 on the 28th in Copenhagen
	if ytd.From.Format(time.DateOnly) != "2026-01-01" || ytd.To.Format(time.DateOnly) != "2026-11-28" {
		t.Errorf("year to date %v", ytd)
	}
	if JobKind("pocket_money").Valid() != true || JobKind("odd").Valid() {
		t.Error("job kinds")
	}
}
