package staff

import (
	"context"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// Store is what the staff workspace needs from storage, beside what
// the public pages need.
type Store interface {
	// Accounts, sessions, password links and login throttling.
	CreateStaff(ctx context.Context, st domain.Staff) (domain.Staff, error)
	StaffByID(ctx context.Context, id int64) (domain.Staff, error)
	ListStaff(ctx context.Context) ([]domain.Staff, error)
	LoginCandidate(ctx context.Context, email string) (store.LoginCandidate, error)
	SetStaffLang(ctx context.Context, id int64, lang string) error
	DeactivateStaff(ctx context.Context, id int64, now time.Time) error
	CreatePasswordLink(ctx context.Context, staffID int64, token string, now, expires time.Time) error
	PasswordLinkStaff(ctx context.Context, token string, now time.Time) (domain.Staff, error)
	UsePasswordLink(ctx context.Context, token, passwordHash string, now time.Time) (domain.Staff, error)
	CreateSession(ctx context.Context, staffID int64, token string, now, expires time.Time) error
	StaffBySession(ctx context.Context, token string, now time.Time) (domain.Staff, error)
	DeleteSession(ctx context.Context, token string) error
	DeleteStaffSessions(ctx context.Context, staffID int64) error
	BeginLogin(ctx context.Context, email, addr string, now time.Time) (store.LoginAttempt, error)
	UncountLogin(ctx context.Context, a store.LoginAttempt) error
	LoginFailed(ctx context.Context, a store.LoginAttempt) (store.NewLocks, error)
	Audit(ctx context.Context, e store.AuditEntry) error
	AuditLog(ctx context.Context, subject, action string, limit int) ([]store.AuditLine, error)

	// Activities.
	ActivityByID(ctx context.Context, id int64) (store.ActivityWithCounts, error)
	CreateSignup(ctx context.Context, su domain.Signup) (store.SignupResult, error)
	StaffActivities(ctx context.Context, archived bool) ([]store.ActivityWithCounts, error)
	CreateStaffActivity(ctx context.Context, a domain.Activity, by store.Actor) (int64, error)
	UpdateActivity(ctx context.Context, a domain.Activity, by store.Actor) ([]domain.Signup, error)
	SetArchived(ctx context.Context, id int64, archived bool, by store.Actor) error
	SetSignupOpenBy(ctx context.Context, id int64, open bool, by store.Actor) error

	// Referrals from Slack, and the partners who send them.
	ListReferrals(ctx context.Context, status string, limit int) ([]store.ReferralLine, error)
	ReferralByID(ctx context.Context, id int64) (domain.Referral, error)
	ReferralEvents(ctx context.Context, id int64) ([]store.ReferralEvent, error)
	ChangeReferralStatus(ctx context.Context, id int64, u store.StatusUpdate, announce store.Announce) (domain.Referral, error)
	ListSlackUsers(ctx context.Context) ([]store.SlackUser, error)
	SlackUser(ctx context.Context, teamID, userID string) (store.SlackUser, error)
	SetSlackUserOrg(ctx context.Context, teamID, userID, orgKey string, msgs ...store.OutboxMessage) error

	// Sign-ups and attendance.
	ListSignups(ctx context.Context, activityID int64, query string) ([]store.StaffSignup, error)
	StaffSignupByID(ctx context.Context, id int64) (store.StaffSignup, error)
	ChangeSignupStatus(ctx context.Context, c store.SignupStatusChange) (store.StatusChangeResult, error)
	SetSignupNote(ctx context.Context, id int64, note string, by store.Actor) error
	RollCall(ctx context.Context, activityID, sessionID int64) (store.RollCall, error)
	SetAttendance(ctx context.Context, activityID, sessionID, signupID int64, present bool, by store.Actor) (int, error)
	AttendanceSheet(ctx context.Context, activityID int64) (store.AttendanceSheet, error)

	// A person's rights, and the audit log: staff_people.go, staff_audit.go.
	PrivacyStore

	// Weekly summaries and the plan's indicators: staff_summary.go.
	SummaryStore
}

// PrivacyStore is what the pages for a person's rights and the audit
// viewer need from storage.
type PrivacyStore interface {
	FindPerson(ctx context.Context, phone string) (store.Person, error)
	ErasePerson(ctx context.Context, phone string, by store.Actor, now time.Time) (store.ErasureResult, error)
	PersonRef(phone string, now time.Time) (string, error)
	PersonPhone(ref string, now time.Time) (string, error)
	AuditPage(ctx context.Context, f store.AuditFilter) ([]store.AuditLine, error)
	AuditSubjects(ctx context.Context, query string) ([]string, error)
}
