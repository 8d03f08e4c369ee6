package store

import (
	"errors"
	"fmt"

	"github.com/beboerprojekt-nordvest/tilmeld/crypt"
)

// ErrNoKey means the store was opened without data keys, so it can
// neither read nor write a resident's personal data. Staff accounts,
// sessions and the catalogue need no key.
var ErrNoKey = errors.New("store: no data key (TILMELD_DATA_KEY): personal data cannot be read or written")

// Option configures a Store at Open.
type Option func(*Store)

// WithKeys gives the store the data keys that seal personal fields.
func WithKeys(k *crypt.Keyring) Option { return func(s *Store) { s.keys = k } }

// KeyID names the current data key (not the key itself), e.g. for the
// message after a rotation; "" without keys.
func (s *Store) KeyID() string {
	if s.keys == nil {
		return ""
	}
	return s.keys.CurrentID()
}

// SignForm signs a form token's content with the current data key (a
// key derived for this alone); without keys it fails with ErrNoKey.
func (s *Store) SignForm(msg string) ([]byte, error) {
	if s.keys == nil {
		return nil, ErrNoKey
	}
	return s.keys.SignForm(msg), nil
}

// FormSigned reports whether sig is msg's signature under any data key in
// use.
func (s *Store) FormSigned(msg string, sig []byte) bool {
	return s.keys != nil && s.keys.FormSigned(msg, sig)
}

// The sealed fields. Each name is bound into its values, so a value moved
// to another column no longer opens.
const (
	fieldSignupName    = "signups.name"
	fieldSignupPhone   = "signups.phone"
	fieldSignupAnswers = "signups.answers"
	fieldSignupNote    = "signups.note"
	fieldReferralName  = "referrals.first_name"
	fieldReferralPhone = "referrals.phone"
	fieldReferralNote  = "referrals.note"
	fieldPersonRef     = "person.ref"
	fieldOutboxTo      = "outbox.sms_to"
	fieldOutboxText    = "outbox.sms_text"
	// Staff's free-text reasons (issue 13.5).
	fieldReferralReason = "referrals.reason"
	fieldEventReason    = "referral_events.reason"
	fieldStaffReason    = "staff_reasons.reason"
	fieldInboundBody    = "sms_inbound.body"
)

// openReason decrypts a staff reason. Reasons written before they were
// sealed (migration 009) are read as they are until a key rotation seals
// them, so the history stays readable meanwhile.
func (s *Store) openReason(field, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	if s.keys == nil {
		return "", ErrNoKey
	}
	out, err := s.keys.OpenLegacy(field, v)
	if err != nil {
		return "", fmt.Errorf("%s: %w", field, err)
	}
	return out, nil
}

// sealReason seals a staff reason; an empty one stays empty.
func (s *Store) sealReason(field, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	return s.seal(field, v)
}

// seal encrypts one personal field for storage.
func (s *Store) seal(field, v string) (string, error) {
	if s.keys == nil {
		return "", ErrNoKey
	}
	return s.keys.Seal(field, v), nil
}

// open decrypts one personal field read from storage.
func (s *Store) open(field, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	if s.keys == nil {
		return "", ErrNoKey
	}
	out, err := s.keys.Open(field, v)
	if err != nil {
		return "", fmt.Errorf("%s: %w", field, err)
	}
	return out, nil
}

// openAll decrypts several fields in place, stopping at the first error.
func (s *Store) openAll(fields ...sealedField) error {
	for _, f := range fields {
		v, err := s.open(f.name, *f.value)
		if err != nil {
			return err
		}
		*f.value = v
	}
	return nil
}

type sealedField struct {
	name  string
	value *string
}

// phoneHash is the current key's hash of an E.164 number, nil for none:
// rows without a number must not all share one hash.
func (s *Store) phoneHash(phone string) ([]byte, error) {
	if s.keys == nil {
		return nil, ErrNoKey
	}
	if phone == "" {
		return nil, nil
	}
	return s.keys.Hash(phone), nil
}

// phoneHashes are a number's hashes under every key, for look-ups that
// must also find rows a key rotation has not reached yet.
func (s *Store) phoneHashes(phone string) ([][]byte, error) {
	if s.keys == nil {
		return nil, ErrNoKey
	}
	return s.keys.Hashes(phone), nil
}
