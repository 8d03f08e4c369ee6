// Package ical writes iCalendar files (RFC 5545) with timed events: the
// lines end in CRLF and are folded at 75 octets without splitting a
// character, text values are escaped, and times are written in UTC, so
// every calendar places them alike without a time-zone definition.
package ical

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one VEVENT.
type Event struct {
	UID        string // the same for the same event in every download
	Start, End time.Time
	Summary    string
	Location   string
	Tentative  bool // STATUS:TENTATIVE instead of CONFIRMED
}

// Calendar is a VCALENDAR of events.
type Calendar struct {
	ProdID string    // who wrote it, e.g. -//Tilmeld//DA
	Stamp  time.Time // when it was written: every event's DTSTAMP
	Events []Event
}

// MaxLine is the longest a line may be, in octets, before its CRLF.
const MaxLine = 75

// Bytes is the calendar as a file.
func (c Calendar) Bytes() []byte {
	var b bytes.Buffer
	line := func(name, value string) { fold(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", Escape(c.ProdID))
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", Escape(e.UID))
		line("DTSTAMP", utc(c.Stamp))
		line("DTSTART", utc(e.Start))
		line("DTEND", utc(e.End))
		line("SUMMARY", Escape(e.Summary))
		if e.Location != "" {
			line("LOCATION", Escape(e.Location))
		}
		status := "CONFIRMED"
		if e.Tentative {
			status = "TENTATIVE"
		}
		line("STATUS", status)
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return b.Bytes()
}

// utc is a DATE-TIME in UTC form: 20270406T150000Z.
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// textEscaper escapes a TEXT value (RFC 5545 3.3.11).
var textEscaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// Escape writes s as a TEXT value; other control characters are dropped.
func Escape(s string) string {
	s = textEscaper.Replace(s)
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// fold writes one content line, folded so no line exceeds MaxLine octets:
// a continuation starts with a space, which counts in its 75.
func fold(b *bytes.Buffer, s string) {
	limit := MaxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = MaxLine - 1
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}
