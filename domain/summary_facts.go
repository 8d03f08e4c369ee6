package domain

import "time"

// OpenAlertDays is how long a referral may stay open (sent, accepted or
// contacted) before summaries count it as still open.
const OpenAlertDays = 14

// WeekWindow is the stretch of time one week's summary counts: its
// bounds in Copenhagen, and the moment before which a referral still open
// at the week's end has waited more than OpenAlertDays.
type WeekWindow struct {
	Week       Week
	Start, End time.Time
	OpenBefore time.Time
}

// NewWeekWindow is the window of week w on loc's calendar.
func NewWeekWindow(w Week, loc *time.Location) WeekWindow {
	start, end := w.Bounds(loc)
	return WeekWindow{Week: w, Start: start, End: end, OpenBefore: end.AddDate(0, 0, -OpenAlertDays)}
}

// WeekFacts are the counts the store gathers for one week, grouped but not
// yet added up; Summarise turns them into a Summary. They are counts only:
// no names, no phone numbers, nothing that identifies a resident.
type WeekFacts struct {
	Window     WeekWindow
	Activities []SummaryActivity // every activity the facts below name
	Signups    Breakdown         // new sign-ups in the week
	Cancelled  []ActivityCount   // sign-ups cancelled in the week
	Places     []PlacesFact      // places held and waiting at the week's end
	Sessions   []SessionFact     // the sessions held in the week
	Attended   Breakdown         // sign-ups present at least once in the week, per activity
	Referrals  ReferralBreakdown // referrals received in the week
	Outcomes   []OutcomeFact     // referrals that reached an outcome in the week
	StillOpen  []OrgCount        // referrals open at the week's end, sent over OpenAlertDays before
}

// Breakdown is one count three ways: per activity, per housing department
// ("" when the form did not ask) and per age group (AgeGroups, or
// UnknownKey). Those three are all a summary shows, so the store adds up
// each on its own rather than every combination.
type Breakdown struct {
	ByActivity   map[int64]int
	ByDepartment map[string]int
	ByAgeGroup   map[string]int
}

// ReferralBreakdown is the referrals received, four ways: per referring
// organisation, per target (an activity's area, or a counselling offer),
// per housing department and per age group.
type ReferralBreakdown struct {
	ByOrg        map[string]int
	ByTarget     []TargetCount
	ByDepartment map[string]int
	ByAgeGroup   map[string]int
}

// TargetCount counts referrals to activities in Area, or to the
// counselling offer OfferKey (Area empty).
type TargetCount struct {
	Area     Area
	OfferKey string
	N        int
}

// SummaryActivity is what a summary shows of an activity.
type SummaryActivity struct {
	ID       int64
	Title    Text
	Area     Area
	Capacity *int // nil: no limit
}

// ActivityCount is a count for one activity.
type ActivityCount struct {
	ActivityID int64
	N          int
}

// PlacesFact is how many held a place and how many waited for one when
// the week ended.
type PlacesFact struct {
	ActivityID int64
	Confirmed  int
	Waitlisted int
}

// SessionFact is one session held in the week: how many were expected
// (had a place when it began, or were marked present), how many were
// marked at all, and how many were present. A session nobody was marked
// at has had no roll call, and counts for no attendance rate.
type SessionFact struct {
	ID         int64
	ActivityID int64
	StartsAt   time.Time
	Expected   int
	Marked     int
	Present    int
}

// OutcomeFact counts an organisation's referrals whose status at the end
// of the week was an outcome reached during it.
type OutcomeFact struct {
	Org    string
	Status ReferralStatus
	N      int
}

// OrgCount is a count for one partner organisation.
type OrgCount struct {
	Org string
	N   int
}

// OpenStatuses are the referral statuses still waiting for an outcome.
func OpenStatuses() []ReferralStatus {
	return []ReferralStatus{ReferralSent, ReferralAccepted, ReferralContacted}
}

// OutcomeStatuses are the statuses a summary counts as outcomes.
func OutcomeStatuses() []ReferralStatus {
	return []ReferralStatus{ReferralEnrolled, ReferralWaitlisted, ReferralDeclined, ReferralCouldNotReach, ReferralWithdrawn}
}

// UnknownKey groups sign-ups whose form asked no department or age.
const UnknownKey = "unknown"

// AgeGroupBounds are the first ages of every age group but the first, so
// that SQL's width_bucket(age, AgeGroupBounds()) numbers the age's group
// in AgeGroups (0 for 0–5, 1 for 6–12, …) and the store can count by age
// group without knowing the groups.
func AgeGroupBounds() []int { return []int{6, 13, 18, 25, 65} }

// AgeGroupOfBucket is the age group width_bucket numbered; nil (no age
// given) is UnknownKey.
func AgeGroupOfBucket(bucket *int) string {
	groups := AgeGroups()
	if bucket == nil || *bucket < 0 || *bucket >= len(groups) {
		return UnknownKey
	}
	return groups[*bucket]
}

// AgeGroupOf is the age group of an age, in the bands referrals use
// (AgeGroups), so sign-ups and referrals are counted alike: 0–5 and 6–12
// (children), 13–17 (the plan's youth), 18–24 (young adults, still in the
// youth offers), 25–64 and 65+; UnknownKey when no age was given.
func AgeGroupOf(age *int) string {
	if age == nil || *age < 0 {
		return UnknownKey
	}
	switch a := *age; {
	case a <= 5:
		return "0-5"
	case a <= 12:
		return "6-12"
	case a <= 17:
		return "13-17"
	case a <= 24:
		return "18-24"
	case a <= 64:
		return "25-64"
	}
	return "65-plus"
}
