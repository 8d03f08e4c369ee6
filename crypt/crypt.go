// Package crypt seals residents' personal data before it reaches the
// database, and makes the keyed hashes that let the service find a phone
// number without keeping it readable. A copy of the database alone
// exposes no one: every sealed value needs a data key from the
// environment, and every sealed value names the key it was sealed with,
// so keys can be rotated.
package crypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// KeySize is the length of a data key in bytes: AES-256.
const KeySize = 32

// prefix starts every sealed value: format version 1. A value looks like
// tk1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>.
const prefix = "tk1:"

// Named errors of opening a value.
var (
	ErrNotSealed  = errors.New("crypt: value is not sealed")
	ErrUnknownKey = errors.New("crypt: sealed with a key this program was not given")
	ErrCorrupt    = errors.New("crypt: sealed value is damaged or was moved from another field")
	ErrKeyFormat  = errors.New("crypt: a data key is 32 random bytes, written in base64")
)

// Key is one data key with the keys derived from it: one encrypts, one
// makes phone-number hashes, and a short id names it in sealed values.
// Deriving them keeps the two uses apart, so the hash never reveals
// anything about the encryption key.
type Key struct {
	id   string
	aead cipher.AEAD
	mac  []byte
	form []byte // signs form tokens (SignForm)
}

// NewKey makes a key from 32 secret bytes.
func NewKey(secret []byte) (*Key, error) {
	if len(secret) != KeySize {
		return nil, ErrKeyFormat
	}
	enc, err := hkdf.Key(sha256.New, secret, nil, "tilmeld data encryption v1", 32)
	if err != nil {
		return nil, fmt.Errorf("crypt: derive: %w", err)
	}
	mac, err := hkdf.Key(sha256.New, secret, nil, "tilmeld phone lookup v1", 32)
	if err != nil {
		return nil, fmt.Errorf("crypt: derive: %w", err)
	}
	form, err := hkdf.Key(sha256.New, secret, nil, "tilmeld form token v1", 32)
	if err != nil {
		return nil, fmt.Errorf("crypt: derive: %w", err)
	}
	id, err := hkdf.Key(sha256.New, secret, nil, "tilmeld key id v1", 4)
	if err != nil {
		return nil, fmt.Errorf("crypt: derive: %w", err)
	}
	block, err := aes.NewCipher(enc)
	if err != nil {
		return nil, fmt.Errorf("crypt: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("crypt: %w", err)
	}
	return &Key{id: hex.EncodeToString(id), aead: aead, mac: mac, form: form}, nil
}

// ParseKey reads a key written in base64 (standard or URL alphabet, with
// or without padding), as TILMELD_DATA_KEY holds it.
func ParseKey(s string) (*Key, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return NewKey(b)
		}
	}
	return nil, ErrKeyFormat
}

// GenerateKey returns a new random key in base64, for TILMELD_DATA_KEY.
func GenerateKey() string {
	b := make([]byte, KeySize)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// ID names the key in the values it seals: eight hex digits derived from
// the key, so the same key always has the same id and it gives nothing away.
func (k *Key) ID() string { return k.id }

// Keyring is the current key, which seals, and older keys, which only
// open values sealed before a rotation.
type Keyring struct {
	current *Key
	byID    map[string]*Key
	all     []*Key // current first
}

// NewKeyring makes a keyring; old keys open what they sealed before.
func NewKeyring(current *Key, old ...*Key) *Keyring {
	r := &Keyring{current: current, byID: map[string]*Key{current.id: current}, all: []*Key{current}}
	for _, k := range old {
		if _, dup := r.byID[k.id]; !dup {
			r.byID[k.id] = k
			r.all = append(r.all, k)
		}
	}
	return r
}

// CurrentID is the id of the key that seals.
func (r *Keyring) CurrentID() string { return r.current.id }

// CurrentPrefix is how every value sealed with the current key starts, so
// storage can find the values a rotation still has to re-seal.
func (r *Keyring) CurrentPrefix() string { return prefix + r.current.id + ":" }

// additional binds a sealed value to its format, key and field: a value
// copied into another column (a name into the note) does not open.
func additional(keyID, field string) []byte { return []byte(prefix + keyID + ":" + field) }

// Seal encrypts plaintext for one field (e.g. "signups.name") with the
// current key. The empty string stays empty: there is nothing to hide, and
// an erased field is simply empty.
func (r *Keyring) Seal(field, plaintext string) string {
	if plaintext == "" {
		return ""
	}
	k := r.current
	nonce := make([]byte, k.aead.NonceSize())
	rand.Read(nonce)
	out := k.aead.Seal(nonce, nonce, []byte(plaintext), additional(k.id, field))
	return prefix + k.id + ":" + base64.RawURLEncoding.EncodeToString(out)
}

// Open decrypts a value Seal made for the same field, with whichever key
// sealed it. The empty string opens to itself.
func (r *Keyring) Open(field, sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	id, body, ok := split(sealed)
	if !ok {
		return "", ErrNotSealed
	}
	k, known := r.byID[id]
	if !known {
		return "", fmt.Errorf("%w (key id %s)", ErrUnknownKey, id)
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	n := k.aead.NonceSize()
	if err != nil || len(raw) < n+k.aead.Overhead() {
		return "", ErrCorrupt
	}
	plain, err := k.aead.Open(nil, raw[:n], raw[n:], additional(id, field))
	if err != nil {
		return "", ErrCorrupt
	}
	return string(plain), nil
}

// OpenLegacy opens a sealed value, or returns a value written before
// encryption existed as it is. Only key rotation uses it, to seal such
// values; everything else refuses an unsealed value.
func (r *Keyring) OpenLegacy(field, value string) (string, error) {
	if _, _, sealed := split(value); !sealed {
		return value, nil
	}
	return r.Open(field, value)
}

// split reads tk1:<id>:<body>.
func split(v string) (id, body string, ok bool) {
	rest, found := strings.CutPrefix(v, prefix)
	if !found {
		return "", "", false
	}
	id, body, ok = strings.Cut(rest, ":")
	return id, body, ok && len(id) == 8
}

// Hash is the current key's keyed hash (HMAC-SHA256) of a value, for
// finding rows by phone number without keeping the number readable.
// Without the key, the hash cannot be tested against guessed numbers.
func (r *Keyring) Hash(value string) []byte { return r.current.hash(value) }

// Hashes are the value's hashes under every key, current first: while a
// rotation runs, some rows still carry an old key's hash.
func (r *Keyring) Hashes(value string) [][]byte {
	out := make([][]byte, len(r.all))
	for i, k := range r.all {
		out[i] = k.hash(value)
	}
	return out
}

func (k *Key) hash(value string) []byte {
	m := hmac.New(sha256.New, k.mac)
	m.Write([]byte(value))
	return m.Sum(nil)
}

// SignForm is the current key's signature (HMAC-SHA256, with a key of
// its own) of a form token's content: proof that the service made it.
func (r *Keyring) SignForm(msg string) []byte { return sign(r.current.form, msg) }

// FormSigned reports whether sig is msg's signature under any key, so a
// rotation does not spoil the forms still open on residents' phones.
func (r *Keyring) FormSigned(msg string, sig []byte) bool {
	for _, k := range r.all {
		if hmac.Equal(sign(k.form, msg), sig) {
			return true
		}
	}
	return false
}

func sign(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// ShortCodeMACs are the keyed hashes from which a sign-up's SMS short link
// code is made: candidate n for its (already hashed) form key, under every
// key, current first. Like CancelTokens, only the service can make them.
func (r *Keyring) ShortCodeMACs(idemKey string, n int) [][]byte {
	out := make([][]byte, len(r.all))
	for i, k := range r.all {
		out[i] = sign(k.form, "short\x00"+strconv.Itoa(n)+"\x00"+idemKey)
	}
	return out
}

// CancelTokens are the private cancel link tokens for a sign-up's
// (already hashed) idempotency key under every key, current first. Only
// a hash of the token is stored, so the link can be shown again (a form
// sent twice, an SMS link) only by deriving it, which takes the key: a
// copy of the database cancels nobody.
func (r *Keyring) CancelTokens(idemKey string) []string {
	out := make([]string, len(r.all))
	for i, k := range r.all {
		out[i] = base64.RawURLEncoding.EncodeToString(sign(k.form, "cancel\x00"+idemKey))
	}
	return out
}
