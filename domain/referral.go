package domain

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ReferralStatus is where a referral stands in the loop between the
// partner who sent it and the staff who follow it up.
type ReferralStatus string

// Referral statuses.
const (
	ReferralSent          ReferralStatus = "sent"
	ReferralAccepted      ReferralStatus = "accepted"
	ReferralContacted     ReferralStatus = "contacted"
	ReferralEnrolled      ReferralStatus = "enrolled"
	ReferralWaitlisted    ReferralStatus = "waitlisted"
	ReferralDeclined      ReferralStatus = "declined"
	ReferralCouldNotReach ReferralStatus = "could_not_reach"
	ReferralWithdrawn     ReferralStatus = "withdrawn"
)

// ReferralStatuses lists every status in the order of the loop.
func ReferralStatuses() []ReferralStatus {
	return []ReferralStatus{ReferralSent, ReferralAccepted, ReferralContacted, ReferralEnrolled,
		ReferralWaitlisted, ReferralDeclined, ReferralCouldNotReach, ReferralWithdrawn}
}

// Next lists the statuses a referral may move to from s, in the order
// staff are offered them. Declined and withdrawn are possible from every
// open status: a family may say no, or a partner may take a referral back,
// at any point. Could-not-reach stays open, because a family that did not
// answer this week may answer the next. Enrolled, declined and withdrawn
// are final.
func (s ReferralStatus) Next() []ReferralStatus {
	switch s {
	case ReferralSent:
		return []ReferralStatus{ReferralAccepted, ReferralDeclined, ReferralWithdrawn}
	case ReferralAccepted:
		return []ReferralStatus{ReferralContacted, ReferralCouldNotReach, ReferralDeclined, ReferralWithdrawn}
	case ReferralContacted:
		return []ReferralStatus{ReferralEnrolled, ReferralWaitlisted, ReferralDeclined, ReferralWithdrawn}
	case ReferralWaitlisted:
		return []ReferralStatus{ReferralEnrolled, ReferralDeclined, ReferralWithdrawn}
	case ReferralCouldNotReach:
		return []ReferralStatus{ReferralContacted, ReferralDeclined, ReferralWithdrawn}
	}
	return nil
}

// CanBecome reports whether a referral in status s may move to to.
func (s ReferralStatus) CanBecome(to ReferralStatus) bool {
	for _, n := range s.Next() {
		if n == to {
			return true
		}
	}
	return false
}

// Final reports whether nothing more will happen to the referral.
func (s ReferralStatus) Final() bool {
	return s == ReferralEnrolled || s == ReferralDeclined || s == ReferralWithdrawn
}

// Valid reports whether s is one of the statuses.
func (s ReferralStatus) Valid() bool {
	for _, x := range ReferralStatuses() {
		if s == x {
			return true
		}
	}
	return false
}

// Named errors of a status change.
var (
	ErrTransition     = errors.New("referral: that status change is not allowed")
	ErrReasonRequired = errors.New("referral: declining needs a reason")
	ErrSignupRequired = errors.New("referral: enrolling in an activity needs the sign-up")
	ErrSignupNotFound = errors.New("referral: no sign-up with that reference for the activity")
	// ErrReasonCPR: a reason is kept (sealed), so it may not hold a CPR
	// number, whichever way the change is made; see also ErrReasonPhone.
	ErrReasonCPR = errors.New("referral: a reason may not hold a CPR number")
)

// Target is what a resident is referred to: an activity from the
// catalogue or one of the counselling offers, never both.
type Target struct {
	ActivityID int64
	OfferKey   string
}

// ParseTarget reads a target written by String: "activity:12" or
// "offer:foraeldrevejledning".
func ParseTarget(p *Plan, s string) (Target, bool) {
	kind, v, ok := strings.Cut(s, ":")
	if !ok || v == "" {
		return Target{}, false
	}
	switch kind {
	case "activity":
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return Target{}, false
		}
		return Target{ActivityID: id}, true
	case "offer":
		if _, ok := p.CounsellingOfferByKey(v); !ok {
			return Target{}, false
		}
		return Target{OfferKey: v}, true
	}
	return Target{}, false
}

// String writes the target the way ParseTarget reads it.
func (t Target) String() string {
	if t.OfferKey != "" {
		return "offer:" + t.OfferKey
	}
	return "activity:" + strconv.FormatInt(t.ActivityID, 10)
}

// IsActivity reports whether the target is a sign-up activity, where
// enrolment means a sign-up.
func (t Target) IsActivity() bool { return t.OfferKey == "" }

// Referrer is the partner who made a referral: her Slack identity and the
// organisation she works for.
type Referrer struct {
	TeamID string
	UserID string
	OrgKey string
}

// Actor kinds: who changed a referral.
const (
	ActorSlack = "slack" // a staff member pressing a button in Slack
	ActorStaff = "staff" // a staff member on the web
)

// Actor is who changed a referral, kept with every change.
type Actor struct {
	Kind string // ActorSlack or ActorStaff
	ID   string // Slack user id, or the staff member's login
}

// String is the stored form of the actor, e.g. "slack:U0123".
func (a Actor) String() string { return a.Kind + ":" + a.ID }

// ParseActor reads an actor written by String.
func ParseActor(s string) Actor {
	kind, id, _ := strings.Cut(s, ":")
	return Actor{Kind: kind, ID: id}
}

// ReferralConsentVersion identifies the wording of the referral consent
// checkbox in locales/slack.*.toml; change it when that wording changes.
const ReferralConsentVersion = "2026-12-06"

// Referral is a partner's request that staff contact a resident about an
// activity or a counselling offer.
type Referral struct {
	ID             int64
	Number         int64 // sequential, shown as H-1042
	Target         Target
	FirstName      string
	Phone          string // E.164; empty when contact goes through the referrer
	Department     string // a Departments code or DepartmentOther
	AgeGroup       string
	Language       string
	Contact        string // ContactCall, ContactSMS or ContactViaReferrer
	Note           string
	ConsentVersion string
	ConsentedAt    time.Time
	ConsentLang    string    // the language of the form the partner ticked consent in
	ConsentBy      ConsentBy // the resident, or her guardian for a child
	ErasedAt       time.Time // when the personal fields were erased; zero while kept
	Referrer       Referrer
	Status         ReferralStatus
	Reason         string // why it was declined (or withdrawn), for staff only
	// DeclineCategory is what the partner is told about a decline.
	DeclineCategory DeclineCategory
	SignupID        *int64 // the sign-up it led to, when enrolled in an activity
	StatusBy        Actor
	StatusAt        time.Time
	CreatedAt       time.Time
	// Slack's own ids: the view it was submitted from (so a repeated
	// submission is recognised) and the staff-channel message about it.
	DedupeKey     string
	SlackViewID   string
	SlackViewHash string
	SlackChannel  string
	SlackTS       string
}

// Code is the referral number as people say and type it.
func (r Referral) Code() string { return fmt.Sprintf("H-%d", r.Number) }

// StatusChange is a request to move a referral on.
type StatusChange struct {
	To     ReferralStatus
	Reason string
	// Category says, for a decline, what the partner is told; "" is
	// DeclineOther.
	Category DeclineCategory
	SignupID *int64
}

// Apply returns the referral after the change, or a named error when the
// rules refuse it: an impossible move, declining without a reason, or
// enrolling in an activity without the sign-up it led to.
func (r Referral) Apply(c StatusChange, by Actor, now time.Time) (Referral, error) {
	if !r.Status.CanBecome(c.To) {
		return r, fmt.Errorf("%w: %s to %s", ErrTransition, r.Status, c.To)
	}
	reason := strings.TrimSpace(c.Reason)
	if c.To == ReferralDeclined && reason == "" {
		return r, ErrReasonRequired
	}
	if err := checkReason(reason); err != nil {
		return r, err
	}
	var category DeclineCategory
	if c.To == ReferralDeclined {
		category = c.Category
		if category == "" {
			category = DeclineOther
		}
		if !category.Valid() {
			return r, ErrDeclineCategory
		}
	}
	if c.To == ReferralEnrolled && r.Target.IsActivity() && c.SignupID == nil {
		return r, ErrSignupRequired
	}
	r.Status, r.Reason, r.DeclineCategory, r.StatusBy, r.StatusAt = c.To, reason, category, by, now
	if c.To == ReferralEnrolled {
		r.SignupID = c.SignupID
	}
	return r, nil
}
