package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// storeTogether decides and stores a batch of sign-ups for one activity
// in one transaction: one flush, and the activity's row locked and
// updated once for all of them. domain.DecideSignups decides each one in
// the batch's order as if she were alone; this reads what it needs and
// writes what it decided. On an error nothing is stored and no result is
// set.
func (s *Store) storeTogether(ctx context.Context, batch []*signupRequest) error {
	activityID := batch[0].su.ActivityID
	news := make([]newSignup, len(batch))
	for i, r := range batch {
		n, err := s.newSignup(r.su)
		if err != nil {
			return err
		}
		news[i] = n
	}
	stmts, err := s.batches.statements(ctx, s.db)
	if err != nil {
		return err
	}
	var results []signupAnswer
	err = s.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		st := stmts.in(ctx, tx)
		st.open = s.open
		results, err = st.place(ctx, activityID, news)
		return err
	})
	if err != nil {
		return err
	}
	// Committed: the batch must not be stored again.
	for i, r := range batch {
		r.res, r.err = results[i].res, results[i].err
		if r.res.Repeated { // the stored hash, turned back into her link
			r.res.Signup.CancelToken = s.cancelTokenOf(r.res.Signup.IdempotencyKey, r.res.Signup.CancelToken)
		}
	}
	return nil
}

// newSignup is a sign-up ready to store: sealed, hashed, with a reference
// and cancel token drawn.
type newSignup struct {
	su     domain.Signup // with Reference and CancelToken
	sealed sealedSignup
	hashes [][]byte // her number's hashes under every key in use
}

func (s *Store) newSignup(su domain.Signup) (newSignup, error) {
	sealed, err := s.sealSignup(su)
	if err != nil {
		return newSignup{}, err
	}
	var hashes [][]byte
	if su.Phone != "" {
		if hashes, err = s.phoneHashes(su.Phone); err != nil {
			return newSignup{}, err
		}
	}
	if s.keys == nil {
		return newSignup{}, ErrNoKey
	}
	// Only a hash of the form's key is kept (migration 010).
	su.IdempotencyKey = hex.EncodeToString(hashToken(su.IdempotencyKey))
	// Her link is derived from the form's key, so a form sent again shows
	// the same link; only its hash is stored (migration 010).
	su.Reference, su.CancelToken = domain.NewReference(), s.keys.CancelTokens(su.IdempotencyKey)[0]
	return newSignup{su: su, sealed: sealed, hashes: hashes}, nil
}

// signupAnswer is what one resident in a batch is told.
type signupAnswer struct {
	res SignupResult
	err error
}

// place runs inside the batch's transaction: lock, read, decide, write.
func (st signupStatements) place(ctx context.Context, activityID int64, news []newSignup) ([]signupAnswer, error) {
	answers := make([]signupAnswer, len(news))
	roster, err := st.lockRoster(ctx, activityID)
	if errors.Is(err, ErrNotFound) {
		for i := range answers {
			answers[i].err = fmt.Errorf("activity %d: %w", activityID, err)
		}
		return answers, nil
	}
	if err != nil {
		return nil, err
	}
	keyed, phoned, err := st.readMatches(ctx, activityID, news)
	if err != nil {
		return nil, err
	}
	cands := make([]domain.Candidate, len(news))
	for i, n := range news {
		phone := n.su.Phone
		if phone != "" {
			phone = domain.PersonKey(phone, n.su.Name) // sisters on one phone are two people
		}
		cands[i] = domain.Candidate{Key: n.su.IdempotencyKey, Phone: phone,
			SameKey: keyed[i].match(), SamePhone: phoned[i].match()}
	}
	outs, after := domain.DecideSignups(roster, cands)
	stored, err := st.insertPlaced(ctx, activityID, news, outs, after.Seq)
	if err != nil {
		return nil, err
	}
	for i, o := range outs {
		var earlier *storedSignup
		switch {
		case o.Of >= 0:
			earlier = stored[o.Of]
		case o.Verdict == domain.Repeated:
			earlier = keyed[i]
		case o.Verdict == domain.AlreadySignedUp:
			earlier = phoned[i]
		}
		answers[i] = answer(news[i].su, o, stored[i], earlier)
	}
	return answers, nil
}

// answer is what a resident is told of her outcome. mine is the row
// stored for her, earlier the one her outcome is about.
func answer(su domain.Signup, o domain.Outcome, mine, earlier *storedSignup) signupAnswer {
	switch o.Verdict {
	case domain.Closed:
		return signupAnswer{err: ErrClosed}
	case domain.AlreadySignedUp:
		return signupAnswer{err: &AlreadySignedUpError{Reference: earlier.Reference, Status: o.Status}}
	case domain.Repeated:
		su.ID, su.Seq, su.Reference, su.CancelToken, su.CreatedAt = earlier.ID, earlier.Seq, earlier.Reference, earlier.CancelToken, earlier.CreatedAt
	case domain.Placed:
		su.ID, su.Seq, su.CreatedAt = mine.ID, mine.Seq, mine.CreatedAt
	}
	su.Status, su.Position = o.Status, o.Position
	return signupAnswer{res: SignupResult{Signup: su, Repeated: o.Verdict == domain.Repeated, Counts: o.Counts}}
}

// lockRoster locks the activity's row and reads its state. It is a
// statement of its own: the sign-ups are read after the lock is granted,
// in a statement whose snapshot holds everything committed by the batch
// that held the lock before (under READ COMMITTED each statement sees
// what was committed when it began, and FOR UPDATE reads the row's latest
// version).
func (st signupStatements) lockRoster(ctx context.Context, activityID int64) (domain.Roster, error) {
	var row struct {
		Capacity   sql.NullInt64 `db:"capacity"`
		Open       bool          `db:"open"`
		Confirmed  int           `db:"confirmed_count"`
		Waitlisted int           `db:"waitlisted_count"`
		Offered    int           `db:"offered_count"`
		Seq        int           `db:"next_seq"`
	}
	err := st.lock.GetContext(ctx, &row, activityID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Roster{}, ErrNotFound
	}
	if err != nil {
		return domain.Roster{}, fmt.Errorf("lock activity: %w", err)
	}
	return domain.Roster{Capacity: nullInt(row.Capacity), Open: row.Open,
		Counts: domain.Counts{Confirmed: row.Confirmed, Waitlisted: row.Waitlisted}, Offered: row.Offered, Seq: row.Seq}, nil
}

const lockQuery = `SELECT capacity, signup_open AND NOT archived AS open,
	confirmed_count, waitlisted_count, offered_count, next_seq
	FROM activities WHERE id = $1 FOR UPDATE`

// storedSignup is a stored sign-up as the rule and the answers need it.
type storedSignup struct {
	I           int       `db:"i"`    // the candidate it matches
	Kind        string    `db:"kind"` // 'key' or 'phone'
	N           int       `db:"n"`    // which of her number's hashes matched
	Name        string    `db:"name"` // sealed; read for a match by number only
	ID          int64     `db:"id"`
	Seq         int       `db:"seq"`
	Status      string    `db:"status"`
	Reference   string    `db:"reference"`
	CancelToken string    `db:"cancel_token"`
	CreatedAt   time.Time `db:"created_at"`
	Position    int       `db:"position"`
}

func (m *storedSignup) match() *domain.Match {
	if m == nil {
		return nil
	}
	return &domain.Match{Status: domain.Status(m.Status), Position: m.Position}
}

// matchesQuery finds, for each candidate, the sign-up stored with her
// idempotency key and an active sign-up of the activity with her number.
// Each look-up runs once per key or hash (OFFSET 0 keeps the planner from
// turning it into a join), by the index on the key or on the activity and
// number: with statistics from when the table was small, a join read all
// the activity's sign-ups for every batch.
const matchesQuery = `
SELECT k.i::int - 1 AS i, 'key' AS kind, 0::bigint AS n, '' AS name, s.id, s.seq, s.status, s.reference, s.cancel_token,
	s.created_at, ` + positionColumn + `
FROM unnest($2::text[]) WITH ORDINALITY AS k (key, i),
	LATERAL (SELECT * FROM signups WHERE idempotency_key = k.key OFFSET 0) s
UNION ALL
SELECT h.i, 'phone', h.n, s.name, s.id, s.seq, s.status, s.reference, s.cancel_token,
	s.created_at, ` + positionColumn + `
FROM unnest($3::bytea[], $4::int[]) WITH ORDINALITY AS h (hash, i, n),
	LATERAL (SELECT * FROM signups WHERE phone_hash = h.hash AND activity_id = $1 OFFSET 0) s
WHERE s.status IN ('confirmed', 'waitlisted')
ORDER BY kind, i, n`

// readMatches reads, in one query, what is stored that concerns each
// candidate: keyed[i] is the sign-up with her idempotency key, phoned[i]
// an active one of the activity with her number (nil when none).
func (st signupStatements) readMatches(ctx context.Context, activityID int64, news []newSignup) (keyed, phoned []*storedSignup, err error) {
	keys := make([]string, len(news))
	var hashes [][]byte
	var owners []int64
	for i, n := range news {
		keys[i] = n.su.IdempotencyKey
		for _, h := range n.hashes {
			hashes, owners = append(hashes, h), append(owners, int64(i))
		}
	}
	var rows []storedSignup
	if err := st.matches.SelectContext(ctx, &rows, activityID, pq.Array(keys),
		pq.ByteaArray(hashes), pq.Array(owners)); err != nil {
		return nil, nil, fmt.Errorf("read sign-ups matching the batch: %w", err)
	}
	keyed, phoned = make([]*storedSignup, len(news)), make([]*storedSignup, len(news))
	for k := range rows {
		m := &rows[k]
		into := keyed
		if m.Kind == "phone" {
			into = phoned
			if m.I >= 0 && m.I < len(news) {
				// Her number, but is it her? Another name is another
				// person (a sister on the family phone).
				name, err := st.open(fieldSignupName, m.Name)
				if err != nil {
					return nil, nil, err
				}
				if domain.PersonKey("", name) != domain.PersonKey("", news[m.I].su.Name) {
					continue
				}
			}
		}
		if m.I >= 0 && m.I < len(news) && into[m.I] == nil { // her first hash's match first
			into[m.I] = m
		}
	}
	return keyed, phoned, nil
}

// insertQuery stores the batch's new sign-ups, one array per column, in
// arrival order, and advances the activity's arrival number to $21, in one
// statement. (The counting triggers of migration 006 follow once it is
// done.)
const insertQuery = `
WITH advance AS (UPDATE activities SET next_seq = $21 WHERE id = $1)
INSERT INTO signups (activity_id, seq, status, reference, cancel_token, idempotency_key,
	name, phone, department, age, answers, lang, consent_version, consented_at,
	assisted_by, consent_read_in, phone_hash, guardian_phone_hash, consent_lang, consent_by, sms_ok)
SELECT $1, u.seq, u.status, u.reference, u.cancel_token, u.idempotency_key,
	u.name, u.phone, u.department, u.age, u.answers, u.lang, u.consent_version, u.consented_at,
	nullif(u.assisted_by, 0), u.consent_read_in, nullif(u.phone_hash, ''::bytea),
	nullif(u.guardian_phone_hash, ''::bytea), u.consent_lang, u.consent_by, u.sms_ok
FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
	$7::text[], $8::text[], $9::text[], $10::int[], $11::text[], $12::text[], $13::text[], $14::text[]::timestamptz[],
	$15::bigint[], $16::text[], $17::bytea[], $18::bytea[], $19::text[], $20::text[], $22::bool[])
	AS u (seq, status, reference, cancel_token, idempotency_key,
	name, phone, department, age, answers, lang, consent_version, consented_at,
	assisted_by, consent_read_in, phone_hash, guardian_phone_hash, consent_lang, consent_by, sms_ok)
ORDER BY u.seq
RETURNING id, seq, created_at`

// insertPlaced stores the candidates placed by the rule and returns the
// stored rows by candidate (nil for the others); seq is the activity's
// last arrival number after them.
func (st signupStatements) insertPlaced(ctx context.Context, activityID int64, news []newSignup, outs []domain.Outcome, seq int) ([]*storedSignup, error) {
	var (
		seqs                                                        []int64
		statuses, refs, tokens, keys, names, phones, departments    []string
		answers, langs, versions, consentedAt, readIn, cLangs, cBys []string
		ages                                                        []sql.NullInt64
		assisted                                                    []int64
		smsOK                                                       []bool
		phoneHashes, guardianHashes                                 [][]byte
		bySeq                                                       = map[int]int{}
	)
	for i, o := range outs {
		if o.Verdict != domain.Placed {
			continue
		}
		su, sealed, consent := news[i].su, news[i].sealed, news[i].su.Consent()
		bySeq[o.Seq] = i
		seqs, statuses = append(seqs, int64(o.Seq)), append(statuses, string(o.Status))
		refs, tokens, keys = append(refs, su.Reference), append(tokens, cancelHash(su.CancelToken)), append(keys, su.IdempotencyKey)
		names, phones, departments = append(names, sealed.name), append(phones, sealed.phone), append(departments, su.Department)
		age := sql.NullInt64{}
		if su.Age != nil {
			age = sql.NullInt64{Int64: int64(*su.Age), Valid: true}
		}
		ages, answers, langs = append(ages, age), append(answers, sealed.answers), append(langs, su.Lang)
		versions = append(versions, su.ConsentVersion)
		consentedAt = append(consentedAt, su.ConsentedAt.Format(time.RFC3339Nano))
		assisted, readIn = append(assisted, su.AssistedBy), append(readIn, su.ConsentReadIn)
		phoneHashes, guardianHashes = append(phoneHashes, sealed.phoneHash), append(guardianHashes, sealed.guardianHash)
		cLangs, cBys = append(cLangs, consent.Lang), append(cBys, string(consent.By))
		smsOK = append(smsOK, !su.NoSMS)
	}
	stored := make([]*storedSignup, len(news))
	if len(seqs) == 0 {
		return stored, nil
	}
	var rows []storedSignup
	err := st.write.SelectContext(ctx, &rows, activityID, pq.Array(seqs), pq.Array(statuses),
		pq.Array(refs), pq.Array(tokens), pq.Array(keys), pq.Array(names), pq.Array(phones),
		pq.Array(departments), pq.Array(ages), pq.Array(answers), pq.Array(langs), pq.Array(versions),
		pq.Array(consentedAt), pq.Array(assisted), pq.Array(readIn), pq.ByteaArray(phoneHashes),
		pq.ByteaArray(guardianHashes), pq.Array(cLangs), pq.Array(cBys), seq, pq.Array(smsOK))
	if err != nil {
		return nil, fmt.Errorf("store sign-ups: %w", err)
	}
	for k := range rows {
		i := bySeq[rows[k].Seq]
		rows[k].I, rows[k].Reference, rows[k].CancelToken = i, news[i].su.Reference, news[i].su.CancelToken
		stored[i] = &rows[k]
	}
	return stored, nil
}

// signupStatements are the batch's statements, prepared: each is then one
// round trip instead of two (lib/pq parses an unprepared statement in a
// round trip of its own) and planned once per connection, and the
// activity's row lock is held for four round trips (lock, read, write,
// commit). Their look-ups go by index whatever the statistics were when
// they were planned (see matchesQuery).
type signupStatements struct {
	lock, matches, write *sqlx.Stmt
	// open unseals a stored name, to tell sisters on one phone apart.
	open func(field, v string) (string, error)
}

// statements prepares the batch's statements the first time they are
// needed: the schema must be migrated by then, which Open does not wait for.
func (b *signupBatches) statements(ctx context.Context, db *sqlx.DB) (signupStatements, error) {
	b.prepMu.Lock()
	defer b.prepMu.Unlock()
	if b.prepared.lock != nil {
		return b.prepared, nil
	}
	var st signupStatements
	for _, p := range []struct {
		to    **sqlx.Stmt
		query string
	}{{&st.lock, lockQuery}, {&st.matches, matchesQuery}, {&st.write, insertQuery}} {
		stmt, err := db.PreparexContext(ctx, p.query)
		if err != nil {
			return signupStatements{}, fmt.Errorf("prepare sign-up statements: %w", err)
		}
		*p.to = stmt
	}
	b.prepared = st
	return st, nil
}

// in binds the statements to a transaction.
func (st signupStatements) in(ctx context.Context, tx *sqlx.Tx) signupStatements {
	return signupStatements{lock: tx.StmtxContext(ctx, st.lock), matches: tx.StmtxContext(ctx, st.matches),
		write: tx.StmtxContext(ctx, st.write)}
}
