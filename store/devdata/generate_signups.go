package devdata

import (
	"context"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// genSignupColumns are the columns a synthetic sign-up fills. The
// personal ones come sealed from sealSignup, as the real path stores them;
// a change to what is sealed, or how, is a change there.
var genSignupColumns = []string{"id", "activity_id", "seq", "reference", "cancel_token", "idempotency_key",
	"status", "name", "phone", "department", "age", "answers", "lang", "consent_version", "consented_at",
	"created_at", "status_at", "phone_hash", "guardian_phone_hash", "consent_lang", "consent_by"}

// copyBatch is how many rows go in one COPY, one transaction each, so a
// run can be stopped without leaving a half-written giant transaction.
const copyBatch = 50_000

// signups makes g.o.Signups sign-ups, spread evenly over the activities,
// made in the three weeks before each starts; the first generatedCapacity
// get a place and the rest the waiting list, as the real rule would.
func (g *generator) signups(ctx context.Context) error {
	var base int64
	if err := g.db.GetContext(ctx, &base, `SELECT coalesce(max(id), 0) FROM signups`); err != nil {
		return fmt.Errorf("signups: %w", err)
	}
	total := g.o.Signups
	rows := make([][]any, 0, copyBatch)
	for i := 0; i < total; i++ {
		a := g.acts[i%len(g.acts)]
		seq := i/len(g.acts) + 1
		row, err := g.signupRow(base+int64(i)+1, a, seq)
		if err != nil {
			return err
		}
		rows = append(rows, row)
		if len(rows) == copyBatch || i == total-1 {
			if err := g.s.CopyRows(ctx, "signups", genSignupColumns, rows); err != nil {
				return fmt.Errorf("signups: %w", err)
			}
			g.made.Signups += len(rows)
			g.o.Progress("signups", g.made.Signups, total)
			rows = rows[:0]
		}
	}
	_, err := g.db.ExecContext(ctx, `UPDATE activities a SET next_seq = s.n
		FROM (SELECT activity_id, max(seq) AS n FROM signups GROUP BY activity_id) s
		WHERE s.activity_id = a.id AND a.next_seq < s.n`)
	if err == nil {
		_, err = g.db.ExecContext(ctx, `SELECT setval('signups_id_seq', (SELECT max(id) FROM signups))`)
	}
	if err != nil {
		return fmt.Errorf("signups: %w", err)
	}
	return nil
}

// departmentChoices: the plan's departments, elsewhere, and forms that
// did not ask.
func departmentChoices(p *domain.Plan) []string {
	var out []string
	for _, d := range p.Departments {
		out = append(out, d.Code)
	}
	return append(out, domain.DepartmentOther, "")
}

func (g *generator) signupRow(id int64, a genActivity, seq int) ([]any, error) {
	created := a.startsOn.Add(-time.Duration(g.rng.IntN(21*24*60)) * time.Minute)
	status := domain.StatusConfirmed
	if seq > generatedCapacity {
		status = domain.StatusWaitlisted
	}
	dept := g.depts[g.rng.IntN(len(g.depts))]
	var age *int
	if g.rng.IntN(10) > 0 {
		n := a.minAge + g.rng.IntN(a.maxAge-a.minAge+1)
		age = &n
	}
	su := domain.Signup{Name: fmt.Sprintf("Testperson %d", id), Phone: fmt.Sprintf("+4520%06d", id%1_000_000),
		Department: dept, Age: age, Lang: domain.DefaultLang, ConsentVersion: domain.ConsentVersion, ConsentedAt: created,
		Answers: domain.Answers{domain.KeyDepartment: dept, domain.KeyConsent: true}}
	su.Answers[domain.KeyName], su.Answers[domain.KeyPhone] = su.Name, su.Phone
	sealed, err := g.s.SealSignup(su)
	if err != nil {
		return nil, err
	}
	consent := su.Consent()
	key := fmt.Sprintf("gen-%d", id)
	return []any{id, a.id, seq, fmt.Sprintf("T%09d", id), key, key, string(status),
		sealed.Name, sealed.Phone, dept, age, sealed.Answers, su.Lang, su.ConsentVersion, created,
		created, created, sealed.PhoneHash, sealed.GuardianHash, consent.Lang, string(consent.By)}, nil
}

// Later changes, as the database's history records them: one sign-up in
// eight cancelled a few days after it was made, one waiting in three
// given a place a week after, one in fifty marked as not having come.
// Ids decide who, so a run is the same every time; nothing is dated
// after the end of the stretch ($3).
const genSignupChanges = `UPDATE signups SET
    status = CASE WHEN id % 8 = 0 THEN 'cancelled'
                  WHEN status = 'waitlisted' THEN 'confirmed'
                  ELSE 'no_show' END,
    status_at = least($3, created_at + CASE WHEN id % 8 = 0 THEN (1 + id % 20) * interval '1 day'
                                            WHEN status = 'waitlisted' THEN interval '7 days'
                                            ELSE interval '30 days' END)
WHERE id > $1 AND id <= $2 AND (id % 8 = 0 OR (status = 'waitlisted' AND id % 3 = 0) OR id % 50 = 1)`

func (g *generator) signupChanges(ctx context.Context) error {
	var last int64
	if err := g.db.GetContext(ctx, &last, `SELECT coalesce(max(id), 0) FROM signups`); err != nil {
		return fmt.Errorf("sign-up changes: %w", err)
	}
	first := last - int64(g.made.Signups)
	for lo := first; lo < last; lo += copyBatch * 4 {
		if _, err := g.db.ExecContext(ctx, genSignupChanges, lo, min(lo+copyBatch*4, last), g.o.Until); err != nil {
			return fmt.Errorf("sign-up changes: %w", err)
		}
		g.o.Progress("signup changes", int(min(lo+copyBatch*4, last)-first), g.made.Signups)
	}
	return nil
}
