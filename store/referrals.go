package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Announce builds the Slack messages that tell of a new or changed
// referral. The store calls it inside the transaction that makes the
// change, with the referral as stored, and queues what it returns.
type Announce func(domain.Referral) ([]OutboxMessage, error)

type referralRow struct {
	ID             int64          `db:"id"`
	Number         int64          `db:"number"`
	ActivityID     sql.NullInt64  `db:"activity_id"`
	OfferKey       sql.NullString `db:"offer_key"`
	FirstName      string         `db:"first_name"`
	Phone          string         `db:"phone"`
	Department     string         `db:"department"`
	AgeGroup       string         `db:"age_group"`
	Language       string         `db:"language"`
	Contact        string         `db:"contact_method"`
	Note           string         `db:"note"`
	ConsentVersion string         `db:"consent_version"`
	ConsentedAt    time.Time      `db:"consented_at"`
	ReferrerTeam   string         `db:"referrer_team_id"`
	ReferrerUser   string         `db:"referrer_user_id"`
	ReferrerOrg    string         `db:"referrer_org"`
	Status         string         `db:"status"`
	Reason         string         `db:"reason"` // sealed
	Category       string         `db:"decline_category"`
	SignupID       sql.NullInt64  `db:"signup_id"`
	StatusBy       string         `db:"status_by"`
	StatusAt       time.Time      `db:"status_at"`
	CreatedAt      time.Time      `db:"created_at"`
	DedupeKey      string         `db:"dedupe_key"`
	SlackViewID    string         `db:"slack_view_id"`
	SlackViewHash  string         `db:"slack_view_hash"`
	SlackChannel   string         `db:"slack_channel"`
	SlackTS        string         `db:"slack_ts"`
	ConsentLang    string         `db:"consent_lang"`
	ConsentBy      string         `db:"consent_by"`
	ErasedAt       sql.NullTime   `db:"erased_at"`
}

const referralColumns = `r.id, r.number, r.activity_id, r.offer_key, r.first_name, r.phone,
	r.department, r.age_group, r.language, r.contact_method, r.note, r.consent_version,
	r.consented_at, r.referrer_team_id, r.referrer_user_id, r.referrer_org, r.status, r.reason,
	r.signup_id, r.status_by, r.status_at, r.created_at, r.dedupe_key, r.slack_view_id,
	r.slack_view_hash, r.slack_channel, r.slack_ts, r.consent_lang, r.consent_by, r.erased_at, r.decline_category`

// domain converts a row whose sealed fields have been opened (see
// Store.referralOf).
func (r referralRow) domain() domain.Referral {
	out := domain.Referral{
		ID: r.ID, Number: r.Number, FirstName: r.FirstName, Phone: r.Phone, Department: r.Department,
		AgeGroup: r.AgeGroup, Language: r.Language, Contact: r.Contact, Note: r.Note,
		ConsentVersion: r.ConsentVersion, ConsentedAt: r.ConsentedAt,
		Referrer: domain.Referrer{TeamID: r.ReferrerTeam, UserID: r.ReferrerUser, OrgKey: r.ReferrerOrg},
		Status:   domain.ReferralStatus(r.Status), Reason: r.Reason, DeclineCategory: domain.DeclineCategory(r.Category),
		StatusBy: domain.ParseActor(r.StatusBy),
		StatusAt: r.StatusAt, CreatedAt: r.CreatedAt, DedupeKey: r.DedupeKey, SlackViewID: r.SlackViewID,
		SlackViewHash: r.SlackViewHash, SlackChannel: r.SlackChannel, SlackTS: r.SlackTS,
		Target:      domain.Target{ActivityID: r.ActivityID.Int64, OfferKey: r.OfferKey.String},
		ConsentLang: r.ConsentLang, ConsentBy: domain.ConsentBy(r.ConsentBy), ErasedAt: r.ErasedAt.Time,
	}
	if r.SignupID.Valid {
		id := r.SignupID.Int64
		out.SignupID = &id
	}
	return out
}

// referralOf opens a row's sealed first name, phone, note and reason, and
// converts it.
func (s *Store) referralOf(r referralRow) (domain.Referral, error) {
	if err := s.openAll(sealedField{fieldReferralName, &r.FirstName}, sealedField{fieldReferralPhone, &r.Phone},
		sealedField{fieldReferralNote, &r.Note}); err != nil {
		return domain.Referral{}, fmt.Errorf("referral %d: %w", r.ID, err)
	}
	reason, err := s.openReason(fieldReferralReason, r.Reason)
	if err != nil {
		return domain.Referral{}, fmt.Errorf("referral %d: %w", r.ID, err)
	}
	r.Reason = reason
	return r.domain(), nil
}

func (s *Store) referralWhere(ctx context.Context, q sqlx.QueryerContext, cond string, args ...any) (domain.Referral, error) {
	var r referralRow
	err := sqlx.GetContext(ctx, q, &r, `SELECT `+referralColumns+` FROM referrals r WHERE `+cond, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Referral{}, ErrNotFound
	}
	if err != nil {
		return domain.Referral{}, fmt.Errorf("load referral: %w", err)
	}
	return s.referralOf(r)
}

// ReferralResult is what CreateReferral did.
type ReferralResult struct {
	Referral domain.Referral
	// Repeated is true when the dedupe key was known: the first referral
	// is returned, and nothing new was stored or announced.
	Repeated bool
}

// CreateReferral stores a new referral with its first history entry and,
// in the same transaction, the messages announce builds for it. A referral
// whose DedupeKey is known already (Slack retried, or the partner pressed
// submit twice) returns the first one. An activity that does not exist
// gives ErrNotFound.
func (s *Store) CreateReferral(ctx context.Context, r domain.Referral, announce Announce) (ReferralResult, error) {
	var res ReferralResult
	args, err := s.referralArgs(r)
	if err != nil {
		return res, err
	}
	err = s.inTx(ctx, func(tx *sqlx.Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, insertReferral, args...)
		if errors.Is(err, sql.ErrNoRows) {
			prev, err := s.referralWhere(ctx, tx, `r.dedupe_key = $1`, r.DedupeKey)
			res = ReferralResult{Referral: prev, Repeated: true}
			return err
		}
		if isForeignKeyViolation(err) {
			return fmt.Errorf("referral target %s: %w", r.Target, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("insert referral: %w", err)
		}
		if err := s.insertReferralEvent(ctx, tx, id, "", r); err != nil {
			return err
		}
		if res.Referral, err = s.referralWhere(ctx, tx, `r.id = $1`, id); err != nil {
			return err
		}
		if err := audit(ctx, tx, AuditEntry{Action: domain.AuditReferralCreated, Subject: ReferralSubject(id),
			Detail: map[string]any{"actor": r.StatusBy.String(), "org": r.Referrer.OrgKey, "consent_by": r.ConsentBy}}); err != nil {
			return err
		}
		return announceIn(ctx, tx, announce, res.Referral)
	})
	return res, err
}

const insertReferral = `INSERT INTO referrals (activity_id, offer_key, first_name, phone, department,
	age_group, language, contact_method, note, consent_version, consented_at, referrer_team_id,
	referrer_user_id, referrer_org, status, status_by, status_at, created_at, dedupe_key,
	slack_view_id, slack_view_hash, phone_hash, consent_lang, consent_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
	$22, $23, $24)
ON CONFLICT ON CONSTRAINT referrals_dedupe_key DO NOTHING
RETURNING id`

// referralArgs are the insert's arguments, with the first name, phone and
// note sealed and the phone hashed for look-ups.
func (s *Store) referralArgs(r domain.Referral) ([]any, error) {
	var activity, offer any
	if r.Target.IsActivity() {
		activity = r.Target.ActivityID
	} else {
		offer = r.Target.OfferKey
	}
	name, err := s.seal(fieldReferralName, r.FirstName)
	if err != nil {
		return nil, err
	}
	phone, _ := s.seal(fieldReferralPhone, r.Phone)
	note, _ := s.seal(fieldReferralNote, r.Note)
	hash, _ := s.phoneHash(r.Phone)
	by := r.ConsentBy
	if by == "" {
		by = domain.ConsentByResident
	}
	return []any{activity, offer, name, phone, r.Department, r.AgeGroup, r.Language,
		r.Contact, note, r.ConsentVersion, r.ConsentedAt, r.Referrer.TeamID, r.Referrer.UserID,
		r.Referrer.OrgKey, string(r.Status), r.StatusBy.String(), r.StatusAt, r.CreatedAt, r.DedupeKey,
		r.SlackViewID, r.SlackViewHash, hash, r.ConsentLang, string(by)}, nil
}

func (s *Store) insertReferralEvent(ctx context.Context, tx *sqlx.Tx, id int64, from domain.ReferralStatus, r domain.Referral) error {
	reason, err := s.sealReason(fieldEventReason, r.Reason)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO referral_events
		(referral_id, from_status, to_status, reason, signup_id, actor, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		id, string(from), string(r.Status), reason, r.SignupID, r.StatusBy.String(), r.StatusAt); err != nil {
		return fmt.Errorf("insert referral event: %w", err)
	}
	return nil
}

func announceIn(ctx context.Context, tx *sqlx.Tx, announce Announce, r domain.Referral) error {
	if announce == nil {
		return nil
	}
	msgs, err := announce(r)
	if err != nil {
		return fmt.Errorf("announce referral %d: %w", r.ID, err)
	}
	return enqueue(ctx, tx, msgs)
}

func isForeignKeyViolation(err error) bool {
	var pqErr *pq.Error
	return errors.As(err, &pqErr) && pqErr.Code == "23503"
}

// StatusUpdate is a staff member's change to a referral.
type StatusUpdate struct {
	Change domain.StatusChange
	// SignupRef is the reference of the sign-up an enrolment led to; the
	// store looks it up within the referral's activity.
	SignupRef string
	By        domain.Actor
	At        time.Time
	// Staff is the staff member on the web who made the change, for the
	// audit log; zero when it came from Slack (By names the Slack user).
	Staff Actor
}

// ChangeReferralStatus moves a referral on under its row lock, following
// the domain's rules, keeps the change in the referral's history and
// queues the messages announce builds for it, all in one transaction. A
// sign-up reference that is not one of the activity's sign-ups gives
// domain.ErrSignupNotFound; a refused change, the domain's named error.
func (s *Store) ChangeReferralStatus(ctx context.Context, id int64, u StatusUpdate, announce Announce) (domain.Referral, error) {
	var after domain.Referral
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		before, err := s.referralWhere(ctx, tx, `r.id = $1 FOR UPDATE`, id)
		if err != nil {
			return fmt.Errorf("referral %d: %w", id, err)
		}
		change := u.Change
		if u.SignupRef != "" && before.Target.IsActivity() {
			sid, err := signupInActivity(ctx, tx, domain.CleanReference(u.SignupRef), before.Target.ActivityID)
			if err != nil {
				return err
			}
			change.SignupID = &sid
		}
		if after, err = before.Apply(change, u.By, u.At); err != nil {
			return err
		}
		reason, err := s.sealReason(fieldReferralReason, after.Reason)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE referrals SET status = $2, reason = $3, signup_id = $4,
			status_by = $5, status_at = $6, decline_category = $7 WHERE id = $1`,
			id, string(after.Status), reason, after.SignupID, after.StatusBy.String(), after.StatusAt,
			string(after.DeclineCategory)); err != nil {
			return fmt.Errorf("update referral %d: %w", id, err)
		}
		if err := s.insertReferralEvent(ctx, tx, id, before.Status, after); err != nil {
			return err
		}
		if err := audit(ctx, tx, u.Staff.Entry(domain.AuditReferralStatus, ReferralSubject(id),
			map[string]any{"from": before.Status, "to": after.Status, "actor": u.By.String()})); err != nil {
			return err
		}
		return announceIn(ctx, tx, announce, after)
	})
	return after, err
}

func signupInActivity(ctx context.Context, tx *sqlx.Tx, ref string, activityID int64) (int64, error) {
	var id int64
	err := tx.GetContext(ctx, &id, `SELECT id FROM signups WHERE reference = $1 AND activity_id = $2`, ref, activityID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("sign-up %q: %w", ref, domain.ErrSignupNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("find sign-up: %w", err)
	}
	return id, nil
}

// ReferralByID returns one referral, or ErrNotFound.
func (s *Store) ReferralByID(ctx context.Context, id int64) (domain.Referral, error) {
	r, err := s.referralWhere(ctx, s.db, `r.id = $1`, id)
	if err != nil {
		return r, fmt.Errorf("referral %d: %w", id, err)
	}
	return r, nil
}

// ReferralsByReferrer returns a partner's latest referrals, newest first.
func (s *Store) ReferralsByReferrer(ctx context.Context, teamID, userID string, limit int) ([]domain.Referral, error) {
	var rows []referralRow
	if err := s.db.SelectContext(ctx, &rows, `SELECT `+referralColumns+` FROM referrals r
		WHERE r.referrer_team_id = $1 AND r.referrer_user_id = $2
		ORDER BY r.created_at DESC, r.id DESC LIMIT $3`, teamID, userID, limit); err != nil {
		return nil, fmt.Errorf("referrals by referrer: %w", err)
	}
	out := make([]domain.Referral, len(rows))
	for i, r := range rows {
		var err error
		if out[i], err = s.referralOf(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ReferralEvent is one entry in a referral's history.
type ReferralEvent struct {
	ID       int64
	From     domain.ReferralStatus // "" for the referral's creation
	To       domain.ReferralStatus
	Reason   string
	SignupID *int64
	Actor    domain.Actor
	At       time.Time
}

// ReferralEvents returns a referral's history, oldest first.
func (s *Store) ReferralEvents(ctx context.Context, id int64) ([]ReferralEvent, error) {
	var rows []struct {
		ID       int64         `db:"id"`
		From     string        `db:"from_status"`
		To       string        `db:"to_status"`
		Reason   string        `db:"reason"`
		SignupID sql.NullInt64 `db:"signup_id"`
		Actor    string        `db:"actor"`
		At       time.Time     `db:"at"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT id, from_status, to_status, reason, signup_id, actor, at
		FROM referral_events WHERE referral_id = $1 ORDER BY id`, id); err != nil {
		return nil, fmt.Errorf("referral %d events: %w", id, err)
	}
	out := make([]ReferralEvent, len(rows))
	for i, r := range rows {
		reason, err := s.openReason(fieldEventReason, r.Reason)
		if err != nil {
			return nil, fmt.Errorf("referral %d event %d: %w", id, r.ID, err)
		}
		out[i] = ReferralEvent{ID: r.ID, From: domain.ReferralStatus(r.From), To: domain.ReferralStatus(r.To),
			Reason: reason, Actor: domain.ParseActor(r.Actor), At: r.At}
		if r.SignupID.Valid {
			sid := r.SignupID.Int64
			out[i].SignupID = &sid
		}
	}
	return out, nil
}
