package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// AuditEntry is one line of the audit log: who (0 when nobody is logged
// in) did what (a domain.Audit* action) to which subject, from where.
// Detail holds the particulars, e.g. a status change's from, to and reason.
type AuditEntry struct {
	StaffID int64
	Action  string
	Subject string
	Addr    string
	Detail  map[string]any
}

// SignupSubject names one sign-up as the subject of an audit line.
func SignupSubject(id int64) string { return fmt.Sprintf("signup:%d", id) }

// ActivitySubject names one activity as the subject of an audit line.
func ActivitySubject(id int64) string { return fmt.Sprintf("activity:%d", id) }

// StaffSubject names one staff account as the subject of an audit line.
func StaffSubject(id int64) string { return fmt.Sprintf("staff:%d", id) }

// Audit appends a line to the audit log. The table refuses changes and
// deletions, so what is written stays.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	return audit(ctx, s.db, e)
}

// audit writes a line inside the caller's transaction, so a change and
// its record are stored together or not at all.
func audit(ctx context.Context, ex sqlx.ExecerContext, e AuditEntry) error {
	detail := []byte("{}")
	if len(e.Detail) > 0 {
		var err error
		if detail, err = json.Marshal(e.Detail); err != nil {
			return fmt.Errorf("audit detail: %w", err)
		}
	}
	if _, err := ex.ExecContext(ctx, `INSERT INTO audit_log (staff_id, action, subject, addr, detail)
		VALUES (nullif($1::bigint, 0), $2, $3, $4, $5)`, e.StaffID, e.Action, e.Subject, e.Addr, detail); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditLine is a stored audit entry with its time and the staff name.
type AuditLine struct {
	ID        int64          `db:"id"`
	At        time.Time      `db:"at"`
	StaffID   int64          `db:"staff_id"`
	StaffName string         `db:"staff_name"`
	Action    string         `db:"action"`
	Subject   string         `db:"subject"`
	Addr      string         `db:"addr"`
	Detail    map[string]any `db:"-"`
	RawDetail []byte         `db:"detail"`
}

// AuditLog returns the newest lines, at most limit, optionally only those
// about one subject or by one action ("" for any).
func (s *Store) AuditLog(ctx context.Context, subject, action string, limit int) ([]AuditLine, error) {
	var rows []AuditLine
	err := s.db.SelectContext(ctx, &rows, `SELECT a.id, a.at, coalesce(a.staff_id, 0) AS staff_id,
		coalesce(st.name, '') AS staff_name, a.action, a.subject, a.addr, a.detail
		FROM audit_log a LEFT JOIN staff st ON st.id = a.staff_id
		WHERE ($1 = '' OR a.subject = $1) AND ($2 = '' OR a.action = $2)
		ORDER BY a.id DESC LIMIT $3`, subject, action, limit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	for i := range rows {
		if err := json.Unmarshal(rows[i].RawDetail, &rows[i].Detail); err != nil {
			return nil, fmt.Errorf("audit line %d: %w", rows[i].ID, err)
		}
	}
	return rows, s.withReasons(ctx, rows)
}

// AuditFilter chooses audit lines for the audit viewer.
type AuditFilter struct {
	// Subjects: only lines about one of these, as their subject or named
	// in their detail's "subjects" (a person search names what it found).
	Subjects []string
	StaffID  int64 // only lines by this staff member; 0 for anyone
	Before   int64 // only lines older than this id, for the next page; 0 for the newest
	Limit    int
}

// AuditPage returns audit lines, newest first, as the filter chooses.
func (s *Store) AuditPage(ctx context.Context, f AuditFilter) ([]AuditLine, error) {
	subjects := f.Subjects
	if subjects == nil {
		subjects = []string{}
	}
	var rows []AuditLine
	err := s.db.SelectContext(ctx, &rows, `SELECT a.id, a.at, coalesce(a.staff_id, 0) AS staff_id,
		coalesce(st.name, '') AS staff_name, a.action, a.subject, a.addr, a.detail
		FROM audit_log a LEFT JOIN staff st ON st.id = a.staff_id
		WHERE (cardinality($1::text[]) = 0 OR a.subject = ANY($1)
			OR jsonb_exists_any(a.detail -> 'subjects', $1::text[]))
		AND ($2 = 0 OR a.staff_id = $2) AND ($3 = 0 OR a.id < $3)
		ORDER BY a.id DESC LIMIT $4`, pq.Array(subjects), f.StaffID, f.Before, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("audit page: %w", err)
	}
	for i := range rows {
		if err := json.Unmarshal(rows[i].RawDetail, &rows[i].Detail); err != nil {
			return nil, fmt.Errorf("audit line %d: %w", rows[i].ID, err)
		}
	}
	return rows, s.withReasons(ctx, rows)
}

// AuditSubjects finds the audit subjects a person filter names: the
// records of a phone number, a sign-up by its reference (K7M2QX), or a
// referral by its number (H-1042). Nothing found is an empty list.
func (s *Store) AuditSubjects(ctx context.Context, query string) ([]string, error) {
	q := strings.TrimSpace(query)
	if phone, err := domain.NormalisePhone(q); err == nil {
		signups, referrals, err := s.personIDs(ctx, s.db, phone)
		if err != nil {
			return nil, err
		}
		return append(idsAs(signups, SignupSubject), idsAs(referrals, ReferralSubject)...), nil
	}
	var ids []int64
	if n, ok := strings.CutPrefix(strings.ToUpper(q), "H-"); ok {
		if err := s.db.SelectContext(ctx, &ids, `SELECT id FROM referrals WHERE number::text = $1`, n); err != nil {
			return nil, fmt.Errorf("audit subjects: %w", err)
		}
		return idsAs(ids, ReferralSubject), nil
	}
	if err := s.db.SelectContext(ctx, &ids, `SELECT id FROM signups WHERE reference = $1`, domain.CleanReference(q)); err != nil {
		return nil, fmt.Errorf("audit subjects: %w", err)
	}
	return idsAs(ids, SignupSubject), nil
}

func idsAs[T any](ids []int64, f func(int64) T) []T {
	out := make([]T, len(ids))
	for i, id := range ids {
		out[i] = f(id)
	}
	return out
}
