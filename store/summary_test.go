package store_test

import (
	"context"
	"reflect"
	"regexp"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// TestWeekSummaryOfTheSampleWeek checks every kind of number against the
// sample week, whose summary is known by heart (storetest.SampleWeek).
func TestWeekSummaryOfTheSampleWeek(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	loc := copenhagen(t)
	w := domain.Week{Year: 2026, Num: 47}
	sample := storetest.NewSampleWeek(t, st, w, loc)
	s, err := st.WeekSummary(ctx, storetest.Plan(t), w)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Activities) != 1 || s.Activities[0].ID != sample.ActivityID {
		t.Fatalf("activities %+v", s.Activities)
	}
	a := s.Activities[0]
	fam, sund := s.ForPartner("sof-familiehuset"), s.ForPartner("buf-sundhedsplejen")
	cases := []struct {
		name      string
		got, want any
	}{
		{"title", a.Title.In("da"), "Testaktivitet Uge"},
		{"new", a.New, 4},
		{"cancelled on Thursday", a.Cancelled, 1},
		{"places at the week's end", a.Fill(), domain.Rate{Num: 2, Den: 3}},
		{"waiting", a.Waitlisted, 1},
		{"the session expected the one who cancelled later", a.Sessions[0].Attendance(), domain.Rate{Num: 2, Den: 3}},
		{"participants", s.Total.Attended, 2},
		{"departments reached", s.Total.DepartmentsReached, 3},
		{"referrals", s.Total.Referrals, domain.OrgLine{Received: 8, Enrolled: 1, Declined: 1, StillOpen: 1}},
		{"received the week before", s.Before.Total.Referrals.Received, 0},
		{"Familiehuset received", fam.Received.String(), "6"},
		{"Familiehuset enrolled", fam.Enrolled.String(), "<5"},
		{"Familiehuset still open", fam.StillOpen.String(), "<5"},
		{"Sundhedsplejen received", sund.Received.String(), "<5"},
		{"Sundhedsplejen declined", sund.Declined.String(), "<5"},
	}
	for _, c := range cases {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	// The next week still knows the places as they were when it began.
	next, err := st.WeekSummary(ctx, storetest.Plan(t), w.Next())
	if err != nil {
		t.Fatal(err)
	}
	if next.Before.Total.New != 4 || next.Total.New != 0 || len(next.Activities) != 0 {
		t.Fatalf("next week %+v", next.Total)
	}
}

// TestSummaryQueriesReadNoPersonalData: summaries are counts, and their
// queries do not so much as name a column that holds personal data.
func TestSummaryQueriesReadNoPersonalData(t *testing.T) {
	personal := regexp.MustCompile(`\b(name|first_name|phone|phone_hash|answers|note|reason)\b`)
	for name, q := range store.SummaryQueries(domain.WeekWindow{}) {
		if m := personal.FindString(q.SQL); m != "" {
			t.Errorf("the %s query reads %s", name, m)
		}
	}
}
