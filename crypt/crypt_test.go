package crypt

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func mustKey(t *testing.T) *Key {
	t.Helper()
	k, err := ParseKey(GenerateKey())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealedValueOpensOnlyInItsOwnField(t *testing.T) {
	r := NewKeyring(mustKey(t))
	sealed := r.Seal("signups.name", "Testperson Æblegrød")
	if !strings.HasPrefix(sealed, r.CurrentPrefix()) || strings.Contains(sealed, "Testperson") {
		t.Fatalf("sealed value %q", sealed)
	}
	if again := r.Seal("signups.name", "Testperson Æblegrød"); again == sealed {
		t.Fatal("sealing twice gave the same value: the nonce is not random")
	}
	got, err := r.Open("signups.name", sealed)
	if err != nil || got != "Testperson Æblegrød" {
		t.Fatalf("open: %q, %v", got, err)
	}
	if _, err := r.Open("signups.note", sealed); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a name opened as a note: %v", err)
	}
	tampered := sealed[:len(sealed)-2] + "AA"
	if _, err := r.Open("signups.name", tampered); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a changed value opened: %v", err)
	}
	if _, err := r.Open("signups.name", "Testperson"); !errors.Is(err, ErrNotSealed) {
		t.Fatalf("plain text opened: %v", err)
	}
	if r.Seal("signups.note", "") != "" {
		t.Fatal("an empty value is sealed")
	}
}

func TestOldKeysOpenWhatTheySealed(t *testing.T) {
	oldKey, newKey := mustKey(t), mustKey(t)
	before := NewKeyring(oldKey)
	sealed := before.Seal("referrals.phone", "+4522334455")
	after := NewKeyring(newKey, oldKey)
	if got, err := after.Open("referrals.phone", sealed); err != nil || got != "+4522334455" {
		t.Fatalf("open with the old key in the ring: %q, %v", got, err)
	}
	if _, err := NewKeyring(newKey).Open("referrals.phone", sealed); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("opened without the key: %v", err)
	}
	if strings.HasPrefix(sealed, after.CurrentPrefix()) {
		t.Fatal("an old value looks current")
	}
	hs := after.Hashes("+4522334455")
	if len(hs) != 2 || !bytes.Equal(hs[0], after.Hash("+4522334455")) || !bytes.Equal(hs[1], before.Hash("+4522334455")) {
		t.Fatal("hashes are not under every key, current first")
	}
	if bytes.Equal(hs[0], hs[1]) {
		t.Fatal("two keys give the same hash")
	}
}

func TestKeysAreThirtyTwoBytesOfBase64(t *testing.T) {
	for _, bad := range []string{"", "short", "not base64 at all!!", "AAAA"} {
		if _, err := ParseKey(bad); !errors.Is(err, ErrKeyFormat) {
			t.Errorf("ParseKey(%q): %v", bad, err)
		}
	}
	k1, _ := ParseKey("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
	k2, _ := ParseKey("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY")
	if k1 == nil || k2 == nil || k1.ID() != k2.ID() || len(k1.ID()) != 8 {
		t.Fatal("the same key written with and without padding differs")
	}
}

func TestLegacyValuesAreReadAsTheyAre(t *testing.T) {
	r := NewKeyring(mustKey(t))
	if got, err := r.OpenLegacy("signups.name", "Testperson"); err != nil || got != "Testperson" {
		t.Fatalf("legacy: %q, %v", got, err)
	}
	if got, err := r.OpenLegacy("signups.name", r.Seal("signups.name", "x")); err != nil || got != "x" {
		t.Fatalf("sealed through legacy: %q, %v", got, err)
	}
}
