package store

import (
	"context"
	"fmt"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/lib/pq"
)

// What store/devdata needs to make synthetic data the way real data is
// stored: bulk COPY, and personal data sealed and hashed by the same code
// as the real path.

// CopyRows writes rows into table's columns with COPY, in one
// transaction: the fast way in for bulk made-up data (store/devdata).
func (s *Store) CopyRows(ctx context.Context, table string, columns []string, rows [][]any) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(table, columns...))
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := stmt.ExecContext(ctx, r...); err != nil {
			stmt.Close()
			return err
		}
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		stmt.Close()
		return err
	}
	if err := stmt.Close(); err != nil {
		return err
	}
	return tx.Commit()
}

// SealedSignup is a sign-up's personal data as the signups table holds
// it: name, phone and answers sealed, her phone and her guardian's hashed.
type SealedSignup struct {
	Name, Phone, Answers    string
	PhoneHash, GuardianHash []byte
}

// SealSignup seals a sign-up's personal data as CreateSignup stores it.
func (s *Store) SealSignup(su domain.Signup) (SealedSignup, error) {
	sealed, err := s.sealSignup(su)
	return SealedSignup{Name: sealed.name, Phone: sealed.phone, Answers: sealed.answers,
		PhoneHash: sealed.phoneHash, GuardianHash: sealed.guardianHash}, err
}

// SealReferralContact seals a referral's first name and phone and hashes
// the phone, as a referral from Slack is stored.
func (s *Store) SealReferralContact(name, phone string) (sealedName, sealedPhone string, phoneHash []byte, err error) {
	if sealedName, err = s.seal(fieldReferralName, name); err != nil {
		return "", "", nil, err
	}
	if sealedPhone, err = s.seal(fieldReferralPhone, phone); err != nil {
		return "", "", nil, err
	}
	phoneHash, err = s.phoneHash(phone)
	return sealedName, sealedPhone, phoneHash, err
}

// HasSignups reports whether the database holds any sign-up, so that
// synthetic data is not mixed into real data by mistake.
func (s *Store) HasSignups(ctx context.Context) (bool, error) {
	var has bool
	if err := s.db.GetContext(ctx, &has, `SELECT EXISTS (SELECT 1 FROM signups)`); err != nil {
		return false, fmt.Errorf("any sign-ups: %w", err)
	}
	return has, nil
}
