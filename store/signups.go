package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// AlreadySignedUpError says the phone number holds an active sign-up for
// the activity already; it carries that sign-up's reference to show her.
type AlreadySignedUpError struct {
	Reference string
	Status    domain.Status
}

func (e *AlreadySignedUpError) Error() string { return ErrAlreadySigned.Error() }

// Unwrap lets errors.Is(err, ErrAlreadySigned) match.
func (e *AlreadySignedUpError) Unwrap() error { return ErrAlreadySigned }

type signupRow struct {
	ID             int64          `db:"id"`
	ActivityID     int64          `db:"activity_id"`
	Seq            int            `db:"seq"`
	Reference      string         `db:"reference"`
	CancelToken    string         `db:"cancel_token"`
	IdempotencyKey string         `db:"idempotency_key"`
	Status         string         `db:"status"`
	Name           string         `db:"name"`
	Phone          string         `db:"phone"`
	Department     string         `db:"department"`
	Age            sql.NullInt64  `db:"age"`
	Answers        []byte         `db:"answers"`
	Lang           string         `db:"lang"`
	ConsentVersion string         `db:"consent_version"`
	ConsentedAt    time.Time      `db:"consented_at"`
	CreatedAt      time.Time      `db:"created_at"`
	Position       int            `db:"position"`
	AssistedBy     sql.NullInt64  `db:"assisted_by"`
	ConsentReadIn  string         `db:"consent_read_in"`
	ConsentLang    string         `db:"consent_lang"`
	ConsentBy      string         `db:"consent_by"`
	ErasedAt       sql.NullTime   `db:"erased_at"`
	SMSOK          bool           `db:"sms_ok"`
	OfferExpiresAt sql.NullTime   `db:"offer_expires_at"`
	OfferOutcome   sql.NullString `db:"offer_outcome"`
}

const signupColumns = `s.id, s.activity_id, s.seq, s.reference, s.cancel_token, s.idempotency_key,
	s.status, s.name, s.phone, s.department, s.age, s.answers, s.lang, s.consent_version,
	s.consented_at, s.created_at, s.assisted_by, s.consent_read_in, s.consent_lang, s.consent_by, s.erased_at, s.sms_ok,
	s.offer_expires_at, s.offer_outcome`

// positionColumn is a sign-up's place on its activity's waiting list, for
// every read of a stored sign-up (a new one is numbered by
// domain.DecideSignups). Counted by the index on (activity_id, status,
// seq), it reads only those waiting before her.
const positionColumn = `CASE WHEN s.status = 'waitlisted' THEN (
	SELECT count(*) FROM signups w WHERE w.activity_id = s.activity_id
	AND w.status = 'waitlisted' AND w.seq <= s.seq) ELSE 0 END AS position`

// domain converts a row whose sealed fields have been opened (see
// Store.signupOf).
func (r signupRow) domain() (domain.Signup, error) {
	s := domain.Signup{
		ID: r.ID, ActivityID: r.ActivityID, Seq: r.Seq, Reference: r.Reference,
		CancelToken: r.CancelToken, IdempotencyKey: r.IdempotencyKey, Status: domain.Status(r.Status),
		Name: r.Name, Phone: r.Phone, Department: r.Department, Age: nullInt(r.Age),
		Lang: r.Lang, ConsentVersion: r.ConsentVersion, ConsentedAt: r.ConsentedAt,
		CreatedAt: r.CreatedAt, Position: r.Position,
		AssistedBy: r.AssistedBy.Int64, ConsentReadIn: r.ConsentReadIn,
		ConsentLang: r.ConsentLang, ConsentBy: domain.ConsentBy(r.ConsentBy), ErasedAt: r.ErasedAt.Time,
		NoSMS:          !r.SMSOK,
		OfferExpiresAt: r.OfferExpiresAt.Time, OfferOutcome: domain.OfferOutcome(r.OfferOutcome.String),
	}
	if len(r.Answers) == 0 {
		return s, nil // erased
	}
	if err := json.Unmarshal(r.Answers, &s.Answers); err != nil {
		return s, fmt.Errorf("signup %d answers: %w", r.ID, err)
	}
	return s, nil
}

// signupOf opens a row's sealed name, phone and answers and converts it.
func (s *Store) signupOf(r signupRow) (domain.Signup, error) {
	answers := string(r.Answers)
	if err := s.openAll(sealedField{fieldSignupName, &r.Name}, sealedField{fieldSignupPhone, &r.Phone},
		sealedField{fieldSignupAnswers, &answers}); err != nil {
		return domain.Signup{}, fmt.Errorf("signup %d: %w", r.ID, err)
	}
	r.Answers = []byte(answers)
	su, err := r.domain()
	su.CancelToken = s.cancelTokenOf(r.IdempotencyKey, r.CancelToken)
	return su, err
}

// cancelHash is what is stored of a private cancel token (migration 010):
// SHA-256, in hex. The token itself is never stored.
func cancelHash(token string) string { return hex.EncodeToString(hashToken(token)) }

// cancelTokenOf derives the cancel token of a stored sign-up from its
// idempotency key, under whichever data key made it; "" if none did (a
// sign-up stored before migration 010, or under a key since retired, that
// RehashCancelTokens has not yet given a derivable token).
func (s *Store) cancelTokenOf(idemKey, storedHash string) string {
	if s.keys == nil {
		return ""
	}
	for _, tok := range s.keys.CancelTokens(idemKey) {
		if cancelHash(tok) == storedHash {
			return tok
		}
	}
	return ""
}

// SignupResult is what CreateSignup did.
type SignupResult struct {
	Signup domain.Signup
	// Repeated is true when the idempotency key had been used already: the
	// earlier sign-up is returned and nothing new was stored.
	Repeated bool
	// Counts are the activity's numbers just after, her own sign-up in them.
	Counts domain.Counts
}

// CreateSignup stores a sign-up, deciding place or waiting list under the
// activity's row lock so that concurrent sign-ups can never exceed capacity
// and are served in arrival order. A repeated idempotency key returns the
// first sign-up; an active sign-up with the same phone number gives an
// *AlreadySignedUpError. Sign-ups for one activity that arrive together
// share a transaction (signup_batch.go); each returns only once the
// transaction holding it is committed.
func (s *Store) CreateSignup(ctx context.Context, su domain.Signup) (SignupResult, error) {
	return s.submit(ctx, su)
}

// sealedSignup is a sign-up's personal fields as stored.
type sealedSignup struct {
	name, phone, answers    string
	phoneHash, guardianHash []byte
}

// sealSignup seals the name, phone and answers (the answers repeat the
// name and phone, and hold the guardian's and everything else she wrote),
// and hashes her phone and her guardian's for look-ups.
func (s *Store) sealSignup(su domain.Signup) (sealedSignup, error) {
	answers, err := json.Marshal(su.Answers)
	if err != nil {
		return sealedSignup{}, err
	}
	var out sealedSignup
	if out.name, err = s.seal(fieldSignupName, su.Name); err != nil {
		return out, err
	}
	out.phone, _ = s.seal(fieldSignupPhone, su.Phone)
	out.answers, _ = s.seal(fieldSignupAnswers, string(answers))
	out.phoneHash, _ = s.phoneHash(su.Phone)
	out.guardianHash, _ = s.phoneHash(su.Answers.String(domain.KeyGuardianPhone))
	return out, nil
}

// signupWhere loads one sign-up with its waiting-list position.
func (s *Store) signupWhere(ctx context.Context, q sqlx.QueryerContext, cond string, arg any) (domain.Signup, error) {
	var r signupRow
	err := sqlx.GetContext(ctx, q, &r, `SELECT `+signupColumns+`, `+positionColumn+`
		FROM signups s WHERE `+cond, arg)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Signup{}, ErrNotFound
	}
	if err != nil {
		return domain.Signup{}, fmt.Errorf("load signup: %w", err)
	}
	return s.signupOf(r)
}

// SignupByToken returns the sign-up a private cancel link points to: her
// current link or an older one (cancel_tokens.go).
func (s *Store) SignupByToken(ctx context.Context, token string) (domain.Signup, error) {
	return s.signupWhere(ctx, s.db, `s.id = `+byToken, cancelHash(token))
}

// CancelResult says what a cancellation changed.
type CancelResult struct {
	Signup   domain.Signup   // the cancelled sign-up
	Promoted []domain.Signup // waiting-list sign-ups that got the freed places
}

// CancelSignup cancels the sign-up behind a private token and gives any
// freed place to the first on the waiting list, in one transaction under
// the activity's lock. Cancelling twice changes nothing the second time.
func (s *Store) CancelSignup(ctx context.Context, token string) (CancelResult, error) {
	return s.cancelWhere(ctx, `id = `+byToken, cancelHash(token))
}

// CancelSignupByID is CancelSignup for a sign-up the service found itself
// (her SMS reply), which needs no link: it works whether or not her
// token can be derived.
func (s *Store) CancelSignupByID(ctx context.Context, id int64) (CancelResult, error) {
	return s.cancelWhere(ctx, `id = $1`, id)
}

// cancelWhere cancels the one sign-up cond (on signups, with arg as $1)
// selects.
func (s *Store) cancelWhere(ctx context.Context, cond string, arg any) (CancelResult, error) {
	var res CancelResult
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var su struct {
			ID         int64 `db:"id"`
			ActivityID int64 `db:"activity_id"`
		}
		err := tx.GetContext(ctx, &su, `SELECT id, activity_id FROM signups WHERE `+cond, arg)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("find signup: %w", err)
		}
		var capacity sql.NullInt64
		if err := tx.GetContext(ctx, &capacity, `SELECT capacity FROM activities WHERE id = $1 FOR UPDATE`, su.ActivityID); err != nil {
			return fmt.Errorf("lock activity: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE signups SET status = 'cancelled', status_at = now()
			WHERE id = $1 AND status IN ('confirmed', 'waitlisted')`, su.ID); err != nil {
			return fmt.Errorf("cancel: %w", err)
		}
		if res.Signup, err = s.signupWhere(ctx, tx, `s.id = $1`, su.ID); err != nil {
			return err
		}
		res.Promoted, err = s.promote(ctx, tx, su.ActivityID, nullInt(capacity))
		return err
	})
	return res, err
}

// promote gives free places to the first on the waiting list: each gets
// an offer (offers.go) when SMS is on and she can be reached, the place
// itself otherwise. It returns those given a place. The caller holds the
// activity's row lock.
func (s *Store) promote(ctx context.Context, tx *sqlx.Tx, activityID int64, capacity *int) ([]domain.Signup, error) {
	// The counts the triggers keep (migrations 006 and 022), already
	// including the change that freed the place: counting the rows would
	// read all the activity's sign-ups under its lock.
	var c struct {
		domain.Counts
		Offered int `db:"offered"`
	}
	if err := tx.GetContext(ctx, &c, `SELECT confirmed_count AS confirmed, waitlisted_count AS waitlisted,
		offered_count AS offered FROM activities WHERE id = $1`, activityID); err != nil {
		return nil, fmt.Errorf("count for promotion: %w", err)
	}
	n := domain.FreePlaces(capacity, c.Confirmed, c.Waitlisted, c.Offered)
	if n == 0 {
		return nil, nil
	}
	offered, placed, err := s.nextInLine(ctx, tx, activityID, n)
	if err != nil {
		return nil, err
	}
	if err := makeOffers(ctx, tx, offered); err != nil {
		return nil, err
	}
	if len(placed) > 0 {
		// One statement, so the promotion trigger (migration 013) queues
		// each one's SMS.
		if _, err := tx.ExecContext(ctx, `UPDATE signups SET status = 'confirmed', status_at = now()
			WHERE id = ANY($1)`, pq.Int64Array(placed)); err != nil {
			return nil, fmt.Errorf("promote: %w", err)
		}
	}
	out := make([]domain.Signup, 0, len(placed))
	for _, id := range placed {
		su, err := s.signupWhere(ctx, tx, `s.id = $1`, id)
		if err != nil {
			return nil, err
		}
		out = append(out, su)
	}
	return out, nil
}
