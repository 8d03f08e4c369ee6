package devdata

import (
	"context"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

var genReferralColumns = []string{"id", "number", "activity_id", "offer_key", "first_name", "phone", "phone_hash",
	"department", "age_group", "language", "contact_method", "consent_version", "consented_at", "consent_lang",
	"referrer_team_id", "referrer_user_id", "referrer_org", "status", "reason", "status_by", "status_at",
	"created_at", "dedupe_key"}

var genEventColumns = []string{"referral_id", "from_status", "to_status", "reason", "actor", "at"}

// referralPaths are the steps a synthetic referral takes to its status,
// and how often each status is where one ends: most reach an outcome, a
// few stay open.
var referralPaths = []struct {
	weight int
	path   []domain.ReferralStatus
}{
	{35, []domain.ReferralStatus{"sent", "accepted", "contacted", "enrolled"}},
	{10, []domain.ReferralStatus{"sent", "accepted", "contacted", "waitlisted"}},
	{15, []domain.ReferralStatus{"sent", "accepted", "contacted", "declined"}},
	{10, []domain.ReferralStatus{"sent", "accepted", "could_not_reach"}},
	{5, []domain.ReferralStatus{"sent", "withdrawn"}},
	{1, []domain.ReferralStatus{"sent"}},
	{1, []domain.ReferralStatus{"sent", "accepted"}},
	{1, []domain.ReferralStatus{"sent", "accepted", "contacted"}},
}

// referrals makes g.o.Referrals referrals from the partner organisations,
// evenly over the stretch, each with its history of status changes a few
// days apart.
func (g *generator) referrals(ctx context.Context) error {
	var base, number int64
	if err := g.db.GetContext(ctx, &base, `SELECT coalesce(max(id), 0) FROM referrals`); err != nil {
		return fmt.Errorf("referrals: %w", err)
	}
	if err := g.db.GetContext(ctx, &number, `SELECT nextval('referral_numbers')`); err != nil {
		return fmt.Errorf("referrals: %w", err)
	}
	var refs, events [][]any
	total := g.o.Referrals
	for i := 0; i < total; i++ {
		ref, evs, err := g.referralRow(base+int64(i)+1, number+int64(i))
		if err != nil {
			return err
		}
		refs, events = append(refs, ref), append(events, evs...)
		if len(refs) == copyBatch || i == total-1 {
			if err := g.s.CopyRows(ctx, "referrals", genReferralColumns, refs); err != nil {
				return fmt.Errorf("referrals: %w", err)
			}
			if err := g.s.CopyRows(ctx, "referral_events", genEventColumns, events); err != nil {
				return fmt.Errorf("referral events: %w", err)
			}
			g.made.Referrals += len(refs)
			g.o.Progress("referrals", g.made.Referrals, total)
			refs, events = refs[:0], events[:0]
		}
	}
	_, err := g.db.ExecContext(ctx, `SELECT setval('referrals_id_seq', greatest(1, (SELECT max(id) FROM referrals))),
		setval('referral_numbers', greatest(1001, (SELECT max(number) FROM referrals)))`)
	if err != nil {
		return fmt.Errorf("referrals: %w", err)
	}
	return nil
}

func (g *generator) referralRow(id, number int64) (ref []any, events [][]any, err error) {
	span := g.o.Until.Sub(g.o.Until.AddDate(0, 0, -7*g.o.Weeks))
	created := g.o.Until.Add(-time.Duration(g.rng.Int64N(int64(span))))
	path := g.referralPath(created)
	var activity, offer any
	if g.rng.IntN(5) < 3 {
		activity = g.acts[g.rng.IntN(len(g.acts))].id
	} else {
		offers := g.o.Plan.Counselling
		offer = offers[g.rng.IntN(len(offers))].Key
	}
	orgs := g.o.Plan.Organisations
	groups := domain.AgeGroups()
	phone := fmt.Sprintf("+4530%06d", id%1_000_000)
	name, sealedPhone, hash, err := g.s.SealReferralContact(fmt.Sprintf("Testperson %d", id), phone)
	if err != nil {
		return nil, nil, err
	}
	at, from := created, domain.ReferralStatus("")
	for i, st := range path {
		if i > 0 {
			at = minTime(at.Add(time.Duration(1+g.rng.IntN(5*24))*time.Hour), g.o.Until)
		}
		reason := ""
		if st == domain.ReferralDeclined {
			reason = "Testbegrundelse"
		}
		events = append(events, []any{id, string(from), string(st), reason, "staff:testdata", at})
		from = st
	}
	reason := ""
	if from == domain.ReferralDeclined {
		reason = "Testbegrundelse"
	}
	ref = []any{id, number, activity, offer, name, sealedPhone, hash,
		g.depts[g.rng.IntN(len(g.depts)-1)], groups[g.rng.IntN(len(groups))],
		domain.DefaultLang, domain.ContactCall, domain.ReferralConsentVersion, created, domain.DefaultLang,
		"T0TESTDATA", fmt.Sprintf("U%08d", id%500), orgs[g.rng.IntN(len(orgs))].Key, string(from), reason,
		"staff:testdata", at, created, fmt.Sprintf("gen-%d", id)}
	return ref, events, nil
}

// referralPath picks the steps of one referral; one sent in the last
// fortnight is more likely still to be open.
func (g *generator) referralPath(created time.Time) []domain.ReferralStatus {
	if g.o.Until.Sub(created) < 14*24*time.Hour && g.rng.IntN(2) == 0 {
		return referralPaths[5+g.rng.IntN(3)].path
	}
	total := 0
	for _, p := range referralPaths {
		total += p.weight
	}
	n := g.rng.IntN(total)
	for _, p := range referralPaths {
		if n < p.weight {
			return p.path
		}
		n -= p.weight
	}
	return referralPaths[0].path
}

func minTime(a, b time.Time) time.Time {
	if a.After(b) {
		return b
	}
	return a
}
