package sms

import "unicode/utf8"

// Encoding is how a message's characters travel.
type Encoding string

// The two encodings phones agree on. GSM 03.38 packs 7 bits a character
// but knows only Latin letters and a few others; anything else (Arabic,
// Persian, Urdu, Turkish ş ğ ı, an emoji) makes the whole message UCS-2,
// 16 bits a character.
const (
	GSM  Encoding = "GSM"
	UCS2 Encoding = "UCS2"
)

// gsmBasic is the GSM 03.38 default alphabet (one septet each);
// gsmExtended needs an escape first (two septets each).
const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtended = "\f^{}\\[~]|€"
)

var gsmCost = func() map[rune]int {
	m := map[rune]int{}
	for _, r := range gsmBasic {
		m[r] = 1
	}
	for _, r := range gsmExtended {
		m[r] = 2
	}
	return m
}()

// Part sizes: a single message, and each part of a longer one (the rest
// of a part carries the header that joins them again).
const (
	GSMSingle  = 160
	GSMPart    = 153
	UCS2Single = 70
	UCS2Part   = 67
)

// Segments says how a text will travel and in how many parts it is billed.
type Segments struct {
	Encoding Encoding
	Units    int // septets (GSM) or UTF-16 code units (UCS-2)
	Parts    int
}

// Count works out the encoding and the number of parts of a text. A
// character is never split between two parts: an escaped GSM character or
// a UTF-16 surrogate pair moves whole into the next part, as phones do.
func Count(text string) Segments {
	enc := GSM
	for _, r := range text {
		if gsmCost[r] == 0 {
			enc = UCS2
			break
		}
	}
	single, part := GSMSingle, GSMPart
	if enc == UCS2 {
		single, part = UCS2Single, UCS2Part
	}
	units := 0
	for _, r := range text {
		units += unitCost(enc, r)
	}
	s := Segments{Encoding: enc, Units: units, Parts: 1}
	if units <= single {
		if units == 0 {
			s.Parts = 0
		}
		return s
	}
	used := 0
	for _, r := range text {
		c := unitCost(enc, r)
		if used+c > part {
			s.Parts++
			used = 0
		}
		used += c
	}
	return s
}

func unitCost(enc Encoding, r rune) int {
	if enc == GSM {
		return gsmCost[r]
	}
	if utf8.RuneLen(r) == 4 { // outside the BMP: a surrogate pair
		return 2
	}
	return 1
}
