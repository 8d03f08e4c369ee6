package store

import (
	"context"
	"io/fs"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/lib/pq"
)

// Query is one SQL statement with its arguments, for tests that EXPLAIN.
type Query struct {
	SQL  string
	Args []any
}

// SummaryQueries are the queries of one week's summary with the arguments
// WeekFacts gives them, for the test that checks they use their indexes.
func SummaryQueries(win domain.WeekWindow) map[string]Query {
	return map[string]Query{
		"signups":    {summarySignups, []any{win.Start, win.End, pq.Array(domain.AgeGroupBounds())}},
		"cancelled":  {summaryCancelled, []any{win.Start, win.End}},
		"sessions":   {summarySessions, []any{win.Start, win.End}},
		"attended":   {summaryAttended, []any{win.Start, win.End, pq.Array(domain.AgeGroupBounds())}},
		"places":     {summaryPlaces, []any{win.Start, win.End}},
		"referrals":  {summaryReferrals, []any{win.Start, win.End}},
		"outcomes":   {summaryOutcomes, []any{win.Start, win.End, pq.Array(statusStrings(domain.OutcomeStatuses()))}},
		"still open": {summaryStillOpen, []any{win.End, win.OpenBefore, pq.Array(statusStrings(domain.OpenStatuses()))}},
		"activities": {summaryActivities, []any{win.Start, win.End}},
	}
}

// MigrateFS applies the migrations in fsys, for tests of the runner.
func (s *Store) MigrateFS(ctx context.Context, fsys fs.FS) error { return s.migrate(ctx, fsys) }
