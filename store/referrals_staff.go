package store

import (
	"context"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// ListReferrals returns the latest referrals for staff, newest first,
// optionally only those with one status.
func (s *Store) ListReferrals(ctx context.Context, status string, limit int) ([]ReferralLine, error) {
	var rows []referralRow
	if err := s.db.SelectContext(ctx, &rows, `SELECT `+referralColumns+` FROM referrals r
		WHERE ($1 = '' OR r.status = $1)
		ORDER BY r.created_at DESC, r.id DESC LIMIT $2`, status, limit); err != nil {
		return nil, fmt.Errorf("list referrals: %w", err)
	}
	out := make([]ReferralLine, len(rows))
	for i, r := range rows {
		ref := r.domain()
		out[i] = ReferralLine{ID: ref.ID, Code: ref.Code(), Target: ref.Target, Department: ref.Department,
			AgeGroup: ref.AgeGroup, OrgKey: ref.Referrer.OrgKey, Status: ref.Status, CreatedAt: ref.CreatedAt}
	}
	return out, nil
}

// ListSlackUsers returns every partner known from Slack, for staff to see
// and correct the organisation each refers for.
func (s *Store) ListSlackUsers(ctx context.Context) ([]SlackUser, error) {
	var out []SlackUser
	if err := s.db.SelectContext(ctx, &out, `SELECT team_id, user_id, org_key, locale, created_at, updated_at
		FROM slack_users ORDER BY created_at, user_id`); err != nil {
		return nil, fmt.Errorf("list slack users: %w", err)
	}
	return out, nil
}

// ReferralLine is a referral as the staff list shows it: no personal data,
// so the list itself is not a view of anyone's details.
type ReferralLine struct {
	ID         int64
	Code       string
	Target     domain.Target
	Department string
	AgeGroup   string
	OrgKey     string
	Status     domain.ReferralStatus
	CreatedAt  time.Time
}

// ReferralSubject names a referral in the audit log.
func ReferralSubject(id int64) string { return fmt.Sprintf("referral:%d", id) }
