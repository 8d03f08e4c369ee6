// Package devdata makes synthetic activities, sign-ups, referrals and
// attendance for development and for measuring at scale. It is not part
// of the service: only the tilmeld dev commands and the scale tests use it.
package devdata

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/jmoiron/sqlx"
)

// Options say how much synthetic data Generate makes, and over
// how long a stretch of time.
type Options struct {
	Signups    int
	Referrals  int
	Attendance int
	Weeks      int       // the sign-ups' activities start within this many weeks before Until
	Until      time.Time // the end of that stretch; the zero time means now
	Seed       uint64
	// Plan gives the departments, organisations, counselling offers and
	// time zone the made-up data uses; required.
	Plan *domain.Plan
	// Progress, if set, hears how far each table has come.
	Progress func(table string, done, total int)
}

// Made counts what Generate made.
type Made struct {
	Activities, Sessions, Signups, Referrals, Attendance int
}

// The shape of the synthetic plan: activities of about signupsPerActivity
// sign-ups and generatedCapacity places, so a week looks like a busy
// version of the real one.
const (
	signupsPerActivity = 50
	generatedCapacity  = 30
	generatorEmail     = "testdata@tilmeld.invalid"
)

// Generate fills the database with synthetic activities, sessions,
// sign-ups, referrals and attendance, for development and for measuring
// the summaries at scale. Every person is made up ("Testperson 123") and
// sealed like real personal data. Rows go in through COPY, or are made by
// the database itself in batches, so millions take minutes, not hours.
func Generate(ctx context.Context, s *store.Store, o Options) (Made, error) {
	if o.Until.IsZero() {
		o.Until = time.Now()
	}
	if o.Weeks <= 0 {
		o.Weeks = 260
	}
	if o.Progress == nil {
		o.Progress = func(string, int, int) {}
	}
	if o.Plan == nil {
		return Made{}, fmt.Errorf("generate: no plan")
	}
	g := &generator{s: s, db: s.DB(), o: o, rng: rand.New(rand.NewPCG(o.Seed, 0x7111e1d)), depts: departmentChoices(o.Plan)}
	steps := []func(context.Context) error{g.staff, g.activities, g.sessions, g.signups, g.signupChanges,
		g.attendance, g.referrals, g.analyse}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return g.made, fmt.Errorf("generate: %w", err)
		}
	}
	return g.made, nil
}

// generator is one run of Generate.
type generator struct {
	s       *store.Store
	db      *sqlx.DB
	o       Options
	depts   []string // what a sign-up may answer for its department
	rng     *rand.Rand
	made    Made
	staffID int64
	acts    []genActivity
}

// genActivity is what later steps need to know of a made activity.
type genActivity struct {
	id       int64
	startsOn time.Time
	minAge   int
	maxAge   int
}

func (g *generator) staff(ctx context.Context) error {
	return g.db.GetContext(ctx, &g.staffID, `INSERT INTO staff (email, name, role)
		VALUES ($1, 'Testdata', 'staff')
		ON CONFLICT ON CONSTRAINT staff_email_key DO UPDATE SET name = excluded.name
		RETURNING id`, generatorEmail)
}

// Activities are numbered after any already there; their slugs, titles
// and sessions are plain to see as test data.
const genActivities = `INSERT INTO activities (slug, area, texts, min_age, max_age, starts_on, capacity,
	signup_open, archived, form)
SELECT 'testdata-' || ($1 + i),
       (ARRAY['uddannelse-og-livschancer', 'beskaeftigelse', 'kriminalitetsforebyggelse',
              'sammenhaengskraft-og-medborgerskab'])[1 + i % 4],
       jsonb_build_object('title', jsonb_build_object('da', 'Testaktivitet ' || ($1 + i), 'en', 'Test activity ' || ($1 + i)),
           'summary', jsonb_build_object('da', 'Syntetiske data'), 'audience', jsonb_build_object('da', ''),
           'place', jsonb_build_object('da', ''), 'when', jsonb_build_object('da', '')),
       CASE WHEN i % 3 = 0 THEN 13 WHEN i % 3 = 1 THEN 18 END,
       CASE WHEN i % 3 = 0 THEN 17 WHEN i % 3 = 1 THEN 64 END,
       ($2::date + (i * $3 / $4) * interval '1 day')::date,
       CASE WHEN i % 10 = 9 THEN NULL ELSE $5::int END,
       false, false, $6::jsonb
FROM generate_series(0, $4 - 1) AS i
RETURNING id, starts_on, coalesce(min_age, 0) AS min_age, coalesce(max_age, 90) AS max_age`

func (g *generator) activities(ctx context.Context) error {
	n := max(1, (g.o.Signups+signupsPerActivity-1)/signupsPerActivity)
	form, err := json.Marshal(generatedForm())
	if err != nil {
		return err
	}
	var base int64
	if err := g.db.GetContext(ctx, &base, `SELECT coalesce(max(id), 0) FROM activities`); err != nil {
		return fmt.Errorf("activities: %w", err)
	}
	first := g.o.Until.AddDate(0, 0, -7*g.o.Weeks)
	var rows []struct {
		ID       int64     `db:"id"`
		StartsOn time.Time `db:"starts_on"`
		MinAge   int       `db:"min_age"`
		MaxAge   int       `db:"max_age"`
	}
	if err := g.db.SelectContext(ctx, &rows, genActivities, base, first, 7*g.o.Weeks, n,
		generatedCapacity, form); err != nil {
		return fmt.Errorf("activities: %w", err)
	}
	for _, r := range rows {
		g.acts = append(g.acts, genActivity{id: r.ID, startsOn: r.StartsOn, minAge: r.MinAge, maxAge: r.MaxAge})
	}
	g.made.Activities = len(rows)
	g.o.Progress("activities", len(rows), n)
	return nil
}

// generatedForm asks what the real forms ask most: name, phone,
// department, age and consent.
func generatedForm() domain.Form {
	var f domain.Form
	for _, use := range []string{domain.KeyName, domain.KeyPhone, domain.KeyDepartment, domain.KeyAge, domain.KeyConsent} {
		fd, _ := domain.CommonField(use) // stored as a reference to the common field
		f.Fields = append(f.Fields, fd)
	}
	return f
}

// Sessions at 17:00 on the plan's wall clock ($4, its time zone): weekly, or every fifth week for
// every twelfth activity (a club that runs for most of a year, so the
// six-month retention has something to measure).
const genSessions = `INSERT INTO activity_sessions (activity_id, starts_at, minutes)
SELECT a.id, ((a.starts_on + j * CASE WHEN a.id % 12 = 0 THEN 35 ELSE 7 END) + time '17:00')
           AT TIME ZONE $4, 90
FROM activities a, generate_series(0, $3 - 1) AS j
WHERE a.id BETWEEN $1 AND $2`

func (g *generator) sessions(ctx context.Context) error {
	if len(g.acts) == 0 {
		return nil
	}
	// Enough sessions that the places held give the attendance asked for,
	// with room for sessions still to come and places given up.
	per := min(52, max(1, (g.o.Attendance+len(g.acts)*20-1)/(len(g.acts)*20)))
	res, err := g.db.ExecContext(ctx, genSessions, g.acts[0].id, g.acts[len(g.acts)-1].id, per, g.o.Plan.Location.String())
	if err != nil {
		return fmt.Errorf("sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	g.made.Sessions = int(n)
	g.o.Progress("activity_sessions", int(n), int(n))
	return nil
}

func (g *generator) analyse(ctx context.Context) error {
	// VACUUM sets the visibility map, so the summaries' covering indexes
	// are read without visiting the tables, as on a settled database.
	for _, t := range []string{"activities", "activity_sessions", "signups", "signup_events", "attendance",
		"referrals", "referral_events"} {
		if _, err := g.db.ExecContext(ctx, `VACUUM (ANALYZE) `+t); err != nil {
			return fmt.Errorf("vacuum %s: %w", t, err)
		}
	}
	return nil
}
