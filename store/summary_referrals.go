package store

import (
	"context"
	"fmt"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/lib/pq"
)

func (s *Store) referralFacts(ctx context.Context, win domain.WeekWindow) (domain.ReferralBreakdown, error) {
	var rows []struct {
		ByOrg        bool   `db:"by_org"`
		ByTarget     bool   `db:"by_target"`
		ByDepartment bool   `db:"by_department"`
		Org          string `db:"org"`
		Area         string `db:"area"`
		OfferKey     string `db:"offer_key"`
		Department   string `db:"department"`
		AgeGroup     string `db:"age_group"`
		N            int    `db:"n"`
	}
	out := domain.ReferralBreakdown{ByOrg: map[string]int{}, ByDepartment: map[string]int{}, ByAgeGroup: map[string]int{}}
	if err := s.summarySelect(ctx, &rows, summaryReferrals, win.Start, win.End); err != nil {
		return out, fmt.Errorf("referrals received: %w", err)
	}
	for _, r := range rows {
		switch {
		case r.ByOrg:
			out.ByOrg[r.Org] += r.N
		case r.ByTarget:
			out.ByTarget = append(out.ByTarget, domain.TargetCount{Area: domain.Area(r.Area), OfferKey: r.OfferKey, N: r.N})
		case r.ByDepartment:
			out.ByDepartment[r.Department] += r.N
		default:
			out.ByAgeGroup[r.AgeGroup] += r.N
		}
	}
	return out, nil
}

func (s *Store) outcomeFacts(ctx context.Context, win domain.WeekWindow) ([]domain.OutcomeFact, error) {
	var rows []struct {
		Org    string `db:"org"`
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := s.summarySelect(ctx, &rows, summaryOutcomes, win.Start, win.End,
		pq.Array(statusStrings(domain.OutcomeStatuses()))); err != nil {
		return nil, fmt.Errorf("referral outcomes: %w", err)
	}
	out := make([]domain.OutcomeFact, len(rows))
	for i, r := range rows {
		out[i] = domain.OutcomeFact{Org: r.Org, Status: domain.ReferralStatus(r.Status), N: r.N}
	}
	return out, nil
}

func (s *Store) stillOpenFacts(ctx context.Context, win domain.WeekWindow) ([]domain.OrgCount, error) {
	var rows []struct {
		Org string `db:"org"`
		N   int    `db:"n"`
	}
	if err := s.summarySelect(ctx, &rows, summaryStillOpen, win.End, win.OpenBefore,
		pq.Array(statusStrings(domain.OpenStatuses()))); err != nil {
		return nil, fmt.Errorf("referrals still open: %w", err)
	}
	out := make([]domain.OrgCount, len(rows))
	for i, r := range rows {
		out[i] = domain.OrgCount{Org: r.Org, N: r.N}
	}
	return out, nil
}

func statusStrings(ss []domain.ReferralStatus) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}
