package store

import (
	"context"
	"fmt"
	"io/fs"
	"strings"

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

// MigrateWithout applies every migration except the one numbered skip,
// for tests of a migration on data written before it.
func (s *Store) MigrateWithout(ctx context.Context, skip int) error {
	return s.migrate(ctx, withoutMigration{migrationFiles, skip})
}

type withoutMigration struct {
	fs.FS
	skip int
}

func (w withoutMigration) Glob(pattern string) ([]string, error) {
	all, err := fs.Glob(w.FS, pattern)
	var out []string
	for _, n := range all {
		if !strings.HasPrefix(n, fmt.Sprintf("migrations/%03d_", w.skip)) {
			out = append(out, n)
		}
	}
	return out, err
}

// CancelLinkQueries are the queries that find a sign-up by a private
// link's hash ($1), for the test that checks both of byToken's ways use
// an index.
var CancelLinkQueries = map[string]string{
	"her page":           `SELECT ` + signupColumns + `, ` + positionColumn + ` FROM signups s WHERE s.id = ` + byToken,
	"cancel/offer/erase": `SELECT id, activity_id FROM signups WHERE id = ` + byToken,
}
