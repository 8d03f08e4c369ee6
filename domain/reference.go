package domain

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
)

// ReferenceAlphabet has no characters that are easily confused when read
// aloud or copied from a phone: no 0/O and no 1/I/L.
const ReferenceAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// ReferenceLength is short enough to read over the phone, and with 31^6
// (about 887 million) codes long enough that collisions are rare.
const ReferenceLength = 6

// NewReference returns a random reference code.
func NewReference() string {
	buf := make([]byte, ReferenceLength)
	out := make([]byte, ReferenceLength)
	for i := 0; i < ReferenceLength; {
		rand.Read(buf[:1])
		// Reject bytes past the last whole multiple of the alphabet size
		// so every character is equally likely.
		if int(buf[0]) >= 256-256%len(ReferenceAlphabet) {
			continue
		}
		out[i] = ReferenceAlphabet[int(buf[0])%len(ReferenceAlphabet)]
		i++
	}
	return string(out)
}

// CleanReference normalises a typed reference: upper case, no spaces.
func CleanReference(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// NewToken returns an unguessable URL-safe token (256 bits).
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
