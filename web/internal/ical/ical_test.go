package ical_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/ical"
)

func TestEscapeTextValues(t *testing.T) {
	for in, want := range map[string]string{
		`Jobcafé, Tingbjerg; 1. sal`: `Jobcafé\, Tingbjerg\; 1. sal`,
		`C:\Bibliotek`:               `C:\\Bibliotek`,
		"to\nlinjer\r\n":             `to\nlinjer\n`,
		"bip\x07":                    "bip",
	} {
		if got := ical.Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

// Long summaries in Arabic (two octets a letter) and Danish fold at 75
// octets, never inside a letter, and unfold to what was written.
func TestLongLinesFoldAt75OctetsWithoutSplittingALetter(t *testing.T) {
	arabic := strings.Repeat("مساعدة في الواجبات المنزلية، ", 6)
	danish := strings.Repeat("Lektiecafé for store og små; ", 6)
	c := ical.Calendar{ProdID: "-//Tilmeld test//DA", Stamp: time.Date(2027, 4, 1, 8, 0, 0, 0, time.UTC),
		Events: []ical.Event{{UID: "1-a@example.dk", Start: time.Date(2027, 4, 6, 15, 0, 0, 0, time.UTC),
			End: time.Date(2027, 4, 6, 16, 30, 0, 0, time.UTC), Summary: arabic, Location: danish}}}
	file := string(c.Bytes())
	if !strings.HasSuffix(file, "END:VCALENDAR\r\n") {
		t.Fatalf("file does not end with END:VCALENDAR CRLF: %q", file[len(file)-20:])
	}
	physical := strings.Split(strings.TrimSuffix(file, "\r\n"), "\r\n")
	for _, l := range physical {
		if len(l) > ical.MaxLine || strings.ContainsAny(l, "\r\n") || !utf8.ValidString(l) {
			t.Errorf("line of %d octets (or broken): %q", len(l), l)
		}
	}
	props := map[string]string{}
	for _, l := range strings.Split(strings.ReplaceAll(file, "\r\n ", ""), "\r\n") {
		if name, value, ok := strings.Cut(l, ":"); ok {
			props[name] = value
		}
	}
	if props["SUMMARY"] != ical.Escape(arabic) || props["LOCATION"] != ical.Escape(danish) {
		t.Errorf("unfolded SUMMARY %q, LOCATION %q", props["SUMMARY"], props["LOCATION"])
	}
	if props["DTSTART"] != "20270406T150000Z" || props["DTEND"] != "20270406T163000Z" || props["DTSTAMP"] != "20270401T080000Z" {
		t.Errorf("times: %v", props)
	}
}
