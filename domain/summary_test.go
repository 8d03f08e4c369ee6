package domain

import (
	"reflect"
	"testing"
	"time"
)

// handMadeWeek is week 48 of 2026 as the store would report it: MamaMove
// (20 places) and a job evening (no limit), two sessions of MamaMove (one
// with a roll call, one without), one of the job evening, and referrals
// from Familiehuset and Sundhedsplejen.
func handMadeWeek(t *testing.T) (cur, before WeekFacts) {
	loc := copenhagen(t)
	w := Week{2026, 48}
	mon, _ := w.Bounds(loc)
	cur = WeekFacts{
		Window: NewWeekWindow(w, loc),
		Activities: []SummaryActivity{
			{ID: 9, Title: Text{"da": "Jobaften"}, Area: AreaEmployment},
			{ID: 1, Title: Text{"da": "MamaMove"}, Area: AreaEducation, Capacity: intp(20)},
		},
		// 3 from Munkevangen aged 34 and 1 from Bispeparken aged 17 to
		// MamaMove; 2 without department or age and 1 aged 70 from
		// elsewhere to the job evening.
		Signups: Breakdown{
			ByActivity:   map[int64]int{1: 4, 9: 3},
			ByDepartment: map[string]int{"fsb-01-29": 3, "fsb-01-22": 1, "": 2, DepartmentOther: 1},
			ByAgeGroup:   map[string]int{"25-64": 3, "13-17": 1, UnknownKey: 2, "65-plus": 1},
		},
		Cancelled: []ActivityCount{{ActivityID: 1, N: 2}},
		Places:    []PlacesFact{{ActivityID: 1, Confirmed: 18, Waitlisted: 4}, {ActivityID: 9, Confirmed: 30}},
		Sessions: []SessionFact{
			{ID: 11, ActivityID: 1, StartsAt: mon.Add(34 * time.Hour), Expected: 18, Marked: 18, Present: 15},
			{ID: 12, ActivityID: 1, StartsAt: mon.Add(82 * time.Hour), Expected: 18}, // no roll call
			{ID: 90, ActivityID: 9, StartsAt: mon.Add(42 * time.Hour), Expected: 30, Marked: 25, Present: 24},
		},
		Attended: Breakdown{
			ByActivity:   map[int64]int{1: 15, 9: 24},
			ByDepartment: map[string]int{"fsb-01-29": 15, "akb-1028-8": 24},
			ByAgeGroup:   map[string]int{"25-64": 39},
		},
		// Familiehuset: 3 to MamaMove from Munkevangen, 4 to resident
		// counselling from Vestergårdsvej; Sundhedsplejen: 1 to parent
		// counselling (education) from Munkevangen, aged 0-5.
		Referrals: ReferralBreakdown{
			ByOrg: map[string]int{"sof-familiehuset": 7, "buf-sundhedsplejen": 1},
			ByTarget: []TargetCount{{Area: AreaEducation, N: 3}, {OfferKey: "beboerraadgivning", N: 4},
				{OfferKey: "foraeldrevejledning", N: 1}},
			ByDepartment: map[string]int{"fsb-01-29": 4, "3b-6067": 4},
			ByAgeGroup:   map[string]int{"25-64": 7, "0-5": 1},
		},
		Outcomes: []OutcomeFact{
			{Org: "sof-familiehuset", Status: ReferralEnrolled, N: 2},
			{Org: "sof-familiehuset", Status: ReferralDeclined, N: 5},
			{Org: "buf-sundhedsplejen", Status: ReferralCouldNotReach, N: 1},
		},
		StillOpen: []OrgCount{{Org: "sof-familiehuset", N: 1}, {Org: "buf-sundhedsplejen", N: 6}},
	}
	before = WeekFacts{
		Window:     NewWeekWindow(w.Prev(), loc),
		Activities: []SummaryActivity{{ID: 1, Title: Text{"da": "MamaMove"}, Area: AreaEducation, Capacity: intp(20)}},
		Signups: Breakdown{ByActivity: map[int64]int{1: 9}, ByDepartment: map[string]int{"fsb-01-29": 9},
			ByAgeGroup: map[string]int{"25-64": 9}},
		Referrals: ReferralBreakdown{ByOrg: map[string]int{"sof-familiehuset": 9},
			ByTarget: []TargetCount{{Area: AreaEducation, N: 9}}},
	}
	return cur, before
}

func TestSummaryArithmeticOverAHandMadeWeek(t *testing.T) {
	cur, before := handMadeWeek(t)
	s := Summarise(testPlan(), cur, before)
	mama, job := s.Activities[0], s.Activities[1]
	reach := func(lines []ReachLine, key string) ReachLine {
		for _, l := range lines {
			if l.Key == key {
				return l
			}
		}
		t.Fatalf("no line %q", key)
		return ReachLine{}
	}
	cases := []struct {
		name      string
		got, want any
	}{
		{"activities by area, education first", []int64{mama.ID, job.ID}, []int64{1, 9}},
		{"new sign-ups per activity", []int{mama.New, job.New}, []int{4, 3}},
		{"cancellations", mama.Cancelled, 2},
		{"fill rate of a limited activity", mama.Fill(), Rate{18, 20}},
		{"no fill rate without a limit", job.Fill().Known(), false},
		{"sessions in start order", []int64{mama.Sessions[0].ID, mama.Sessions[1].ID}, []int64{11, 12}},
		{"attendance over sessions with a roll call only", mama.Attendance(), Rate{15, 18}},
		{"session without a roll call has no rate", mama.Sessions[1].Attendance().Known(), false},
		{"total new", s.Total.New, 7},
		{"total waiting", s.Total.Waitlisted, 4},
		{"total fill: limited activities only", s.Total.Fill, Rate{18, 20}},
		{"total attendance", s.Total.Attendance, Rate{39, 48}},
		{"sessions and roll calls", []int{s.Total.Sessions, s.Total.SessionsMarked}, []int{3, 2}},
		{"attended", s.Total.Attended, 39},
		{"education area", reach(s.Areas, string(AreaEducation)), ReachLine{string(AreaEducation), 4, 4, 15}},
		{"offer's area from the offer", reach(s.Areas, string(AreaCohesion)), ReachLine{string(AreaCohesion), 0, 4, 0}},
		{"employment area", reach(s.Areas, string(AreaEmployment)), ReachLine{string(AreaEmployment), 3, 0, 24}},
		{"Munkevangen", reach(s.Departments, "fsb-01-29"), ReachLine{"fsb-01-29", 3, 4, 15}},
		{"no department asked", reach(s.Departments, UnknownKey), ReachLine{UnknownKey, 2, 0, 0}},
		{"elsewhere", reach(s.Departments, DepartmentOther), ReachLine{DepartmentOther, 1, 0, 0}},
		{"departments reached of 14", s.Total.DepartmentsReached, 4},
		{"departments without", len(s.DepartmentsWithout()), 10},
		{"age 13-17 from an exact age", reach(s.AgeGroups, "13-17"), ReachLine{"13-17", 1, 0, 0}},
		{"age 25-64", reach(s.AgeGroups, "25-64"), ReachLine{"25-64", 3, 7, 39}},
		{"age 65+", reach(s.AgeGroups, "65-plus"), ReachLine{"65-plus", 1, 0, 0}},
		{"age unknown", reach(s.AgeGroups, UnknownKey), ReachLine{UnknownKey, 2, 0, 0}},
		{"orgs in picker order", []string{s.Orgs[0].Org, s.Orgs[1].Org}, []string{"buf-sundhedsplejen", "sof-familiehuset"}},
		{"Familiehuset", s.Orgs[1], OrgLine{Org: "sof-familiehuset", Received: 7, Enrolled: 2, Declined: 5, StillOpen: 1}},
		{"referral totals", s.Total.Referrals, OrgLine{Received: 8, Enrolled: 2, Declined: 5, CouldNotReach: 1, StillOpen: 7}},
		{"the week before", s.Before.Week, Week{2026, 47}},
		{"change in new sign-ups", Delta(s.Total.New, s.Before.Total.New), "\u22122"},
		{"change in referrals", Delta(s.Total.Referrals.Received, s.Before.Total.Referrals.Received), "\u22121"},
	}
	for _, c := range cases {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestPartnerSummaryShowsOneToFourAsLessThanFive(t *testing.T) {
	cur, before := handMadeWeek(t)
	s := Summarise(testPlan(), cur, before)
	cases := []struct {
		org  string
		got  func(PartnerSummary) Masked
		want string
	}{
		{"sof-familiehuset", func(p PartnerSummary) Masked { return p.Received }, "7"},
		{"sof-familiehuset", func(p PartnerSummary) Masked { return p.Enrolled }, "<5"},
		{"sof-familiehuset", func(p PartnerSummary) Masked { return p.Declined }, "5"},
		{"sof-familiehuset", func(p PartnerSummary) Masked { return p.Waitlisted }, "0"},
		{"sof-familiehuset", func(p PartnerSummary) Masked { return p.StillOpen }, "<5"},
		{"sof-familiehuset", func(p PartnerSummary) Masked { return p.ReceivedBefore }, "9"},
		{"buf-sundhedsplejen", func(p PartnerSummary) Masked { return p.Received }, "<5"},
		{"buf-sundhedsplejen", func(p PartnerSummary) Masked { return p.CouldNotReach }, "<5"},
		{"buf-sundhedsplejen", func(p PartnerSummary) Masked { return p.StillOpen }, "6"},
		{"buf-sundhedsplejen", func(p PartnerSummary) Masked { return p.ReceivedBefore }, "0"},
		{"red-barnet", func(p PartnerSummary) Masked { return p.Received }, "0"},
	}
	for _, c := range cases {
		if got := c.got(s.ForPartner(c.org)).String(); got != c.want {
			t.Errorf("%s: %q, want %q", c.org, got, c.want)
		}
	}
}

func TestMaskAndDelta(t *testing.T) {
	for n, want := range map[int]string{0: "0", 1: "<5", 2: "<5", 4: "<5", 5: "5", 76: "76"} {
		if got := Mask(n).String(); got != want {
			t.Errorf("Mask(%d) = %q, want %q", n, got, want)
		}
	}
	if (Masked{}).String() != "0" {
		t.Error("the zero Masked must read 0")
	}
	for _, c := range []struct {
		now, before int
		want        string
	}{{5, 3, "+2"}, {3, 5, "\u22122"}, {4, 4, "±0"}} {
		if got := Delta(c.now, c.before); got != c.want {
			t.Errorf("Delta(%d, %d) = %q, want %q", c.now, c.before, got, c.want)
		}
	}
}

func TestRateText(t *testing.T) {
	cases := []struct {
		r       Rate
		da, en  string
		percent float64
		isKnown bool
	}{
		{Rate{76, 90}, "84,4\u00a0%", "84.4%", 84.44444444444444, true},
		{Rate{18, 20}, "90,0\u00a0%", "90.0%", 90, true},
		{Rate{1, 3}, "33,3\u00a0%", "33.3%", 100.0 / 3, true},
		{Rate{0, 0}, "–", "–", 0, false},
	}
	for _, c := range cases {
		if c.r.Text("da") != c.da || c.r.Text("en") != c.en || c.r.Percent() != c.percent || c.r.Known() != c.isKnown {
			t.Errorf("%v: %q %q %v %v", c.r, c.r.Text("da"), c.r.Text("en"), c.r.Percent(), c.r.Known())
		}
	}
}

// TestAgeGroupBoundsNumberTheSameGroups: what SQL's width_bucket makes of
// AgeGroupBounds names the same group as AgeGroupOf, for every age.
func TestAgeGroupBoundsNumberTheSameGroups(t *testing.T) {
	widthBucket := func(age int) int { // as Postgres defines it for an array of bounds
		n := 0
		for _, b := range AgeGroupBounds() {
			if age >= b {
				n++
			}
		}
		return n
	}
	for age := 0; age <= 120; age++ {
		b := widthBucket(age)
		if got, want := AgeGroupOfBucket(&b), AgeGroupOf(&age); got != want {
			t.Errorf("age %d: bucket %d is %q, AgeGroupOf says %q", age, b, got, want)
		}
	}
	if AgeGroupOfBucket(nil) != UnknownKey {
		t.Error("no age must be unknown")
	}
}

func TestAgeGroupOfUsesTheReferralBands(t *testing.T) {
	for age, want := range map[int]string{0: "0-5", 5: "0-5", 6: "6-12", 12: "6-12", 13: "13-17", 17: "13-17",
		18: "18-24", 24: "18-24", 25: "25-64", 64: "25-64", 65: "65-plus", 101: "65-plus", -1: UnknownKey} {
		if got := AgeGroupOf(&age); got != want {
			t.Errorf("AgeGroupOf(%d) = %q, want %q", age, got, want)
		}
	}
	if AgeGroupOf(nil) != UnknownKey {
		t.Error("no age must be unknown")
	}
}

func TestStillOpenCountsFromFourteenDaysBeforeTheWeekEnds(t *testing.T) {
	loc := copenhagen(t)
	w := NewWeekWindow(Week{2026, 44}, loc) // ends Monday 2 November, after the clocks went back
	if got := w.OpenBefore.In(loc).Format("2006-01-02 15:04"); got != "2026-10-19 00:00" {
		t.Fatalf("open before %s, want Monday 19 October 00:00", got)
	}
}
