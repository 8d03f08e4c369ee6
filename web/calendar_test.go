package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// parseICS reads a calendar file the way a calendar app does, failing on
// a line that is not CRLF-terminated or longer than 75 octets: the
// properties of each VEVENT, unfolded.
func parseICS(t *testing.T, file string) []map[string]string {
	t.Helper()
	if !strings.HasPrefix(file, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(file, "END:VCALENDAR\r\n") {
		t.Fatalf("not a VCALENDAR with CRLF lines: %q", file)
	}
	for _, l := range strings.Split(strings.TrimSuffix(file, "\r\n"), "\r\n") {
		if len(l) > 75 || strings.ContainsAny(l, "\r\n") || !utf8.ValidString(l) {
			t.Errorf("bad line of %d octets: %q", len(l), l)
		}
	}
	var events []map[string]string
	var ev map[string]string
	for _, l := range strings.Split(strings.ReplaceAll(file, "\r\n ", ""), "\r\n") {
		name, value, _ := strings.Cut(l, ":")
		switch {
		case l == "BEGIN:VEVENT":
			ev = map[string]string{}
		case l == "END:VEVENT":
			events = append(events, ev)
			ev = nil
		case ev != nil:
			ev[name] = value
		}
	}
	return events
}

func TestHerCalendarFileHasHerUpcomingSessionsInHerLanguage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	token := cancelTokenOf(t, s, signUpAs(t, s, "tr", "22334455"))
	now := time.Now().Truncate(time.Second)
	first, second := now.Add(26*time.Hour), now.Add(74*time.Hour)
	for _, q := range []string{`DELETE FROM activity_sessions WHERE activity_id = (SELECT id FROM activities WHERE slug = 'mamamove')`,
		`INSERT INTO activity_sessions (activity_id, starts_at, minutes)
		SELECT id, unnest(ARRAY[$1, $2, $3]::timestamptz[]), 90 FROM activities WHERE slug = 'mamamove'`,
		`UPDATE activities SET texts = jsonb_set(jsonb_set(texts, '{place,tr}', '"Kütüphane, 1. kat; oda 2"'),
		'{title,tr}', '"Anne Hareketi: annelere egzersiz"') WHERE slug = 'mamamove'`} {
		var args []any
		if strings.Contains(q, "$1") {
			args = []any{now.Add(-48 * time.Hour), first, second}
		}
		if _, err := s.st.DB().Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	page := s.get("/afmeld/" + token + "?lang=tr")
	mustContain(t, "her page", page.body, `href="/afmeld/`+token+`/kalender.ics"`, "Takvimime ekle")

	res := s.get("/afmeld/" + token + "/kalender.ics")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("calendar file: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("calendar file headers: %v", res.Header)
	}
	events := parseICS(t, res.body)
	if len(events) != 2 {
		t.Fatalf("%d events, want the two sessions to come:\n%s", len(events), res.body)
	}
	utc := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	e := events[0]
	if e["DTSTART"] != utc(first) || e["DTEND"] != utc(first.Add(90*time.Minute)) || events[1]["DTSTART"] != utc(second) {
		t.Errorf("times: %v / %v", e, events[1])
	}
	if e["SUMMARY"] != "Anne Hareketi: annelere egzersiz" || e["LOCATION"] != `Kütüphane\, 1. kat\; oda 2` {
		t.Errorf("summary %q, location %q", e["SUMMARY"], e["LOCATION"])
	}
	if e["DTSTAMP"] == "" || e["STATUS"] != "CONFIRMED" || e["UID"] == "" || e["UID"] == events[1]["UID"] {
		t.Errorf("event: %v", e)
	}
	if again := parseICS(t, s.get("/afmeld/"+token+"/kalender.ics").body); again[0]["UID"] != e["UID"] {
		t.Errorf("UID changed between downloads: %q, %q", e["UID"], again[0]["UID"])
	}

	// A session taken off the plan leaves the file.
	if _, err := s.st.DB().Exec(`DELETE FROM activity_sessions WHERE starts_at = $1`, second); err != nil {
		t.Fatal(err)
	}
	if n := len(parseICS(t, s.get("/afmeld/"+token+"/kalender.ics").body)); n != 1 {
		t.Errorf("%d events after a session was removed, want 1", n)
	}
	if res := s.get("/afmeld/no-such-token/kalender.ics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown token: %d", res.StatusCode)
	}
	s.post("/afmeld/"+token, nil)
	if res := s.get("/afmeld/" + token + "/kalender.ics"); res.StatusCode != http.StatusNotFound || strings.Contains(res.body, "VEVENT") {
		t.Errorf("cancelled sign-up: %d\n%s", res.StatusCode, res.body)
	}
}
