package staff_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// rollCallSetup: MamaMove with three residents holding a place, one on
// the waiting list, and a logged-in staff member.
func rollCallSetup(t *testing.T) (*staffSite, *browser, store.ActivityWithCounts, []listed) {
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	a := s.shrink("mamamove", 3)
	s.residentSignsUp("Testperson Alfa", "22 33 44 01")
	s.residentSignsUp("Testperson Beta", "22 33 44 02")
	s.residentSignsUp("=HYPERLINK(\"http://x\")", "22 33 44 03")
	s.residentSignsUp("Testperson Delta", "22 33 44 04")
	b := s.loggedIn("a@example.dk")
	return s, b, a, signupList(t, b.get("/staff/activities/"+strconv.FormatInt(a.ID, 10)).body)
}

func sessionPath(a store.ActivityWithCounts, i int) string {
	return "/staff/activities/" + strconv.FormatInt(a.ID, 10) + "/sessions/" + strconv.FormatInt(a.Sessions[i].ID, 10)
}

func TestRollCallRecordsAttendanceAndCounts(t *testing.T) {
	t.Parallel()
	s, b, a, people := rollCallSetup(t)
	first, second := sessionPath(a, 0), sessionPath(a, 1)
	page := b.get(first)
	mustContain(t, "roll call", page.body, "0 af 3 mødt", "Testperson Alfa", `aria-pressed="false"`, `class="roll"`)
	if strings.Contains(page.body, "Testperson Delta") {
		t.Error("someone on the waiting list is on the roll")
	}

	// Without JavaScript: a form post, then back to the person's place.
	res := b.post(first, url.Values{"signup": {people[0].ID}, "present": {"1"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != first+"#p-"+people[0].ID {
		t.Fatalf("mark present: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	mustContain(t, "roll call after a tap", b.get(first).body, "1 af 3 mødt", `aria-pressed="true"`)

	// With JavaScript: the same form fields, answered in JSON.
	req := httptest.NewRequest(http.MethodPost, first, strings.NewReader(url.Values{"signup": {people[1].ID}, "present": {"1"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	js := b.do(req)
	var out struct {
		Present   bool   `json:"present"`
		Count     int    `json:"count"`
		CountText string `json:"countText"`
	}
	if err := json.Unmarshal([]byte(js.body), &out); err != nil || !out.Present || out.Count != 2 || out.CountText != "2 af 3 mødt" {
		t.Fatalf("JSON mark: %d %s (%v)", js.StatusCode, js.body, err)
	}
	// A tap again takes it back.
	b.post(first, url.Values{"signup": {people[1].ID}, "present": {"0"}})
	b.post(first, url.Values{"signup": {people[1].ID}, "present": {"1"}})
	b.post(second, url.Values{"signup": {people[1].ID}, "present": {"1"}})
	b.post(second, url.Values{"signup": {people[2].ID}, "present": {"1"}})
	if res := b.post(first, url.Values{"signup": {people[3].ID}, "present": {"1"}}); !strings.Contains(res.Header.Get("Location"), "error=not_confirmed") {
		t.Fatalf("marking a waitlisted person present: %d %q", res.StatusCode, res.Header.Get("Location"))
	}

	sheet, err := s.st.AttendanceSheet(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sheet.PerSession[0] != 2 || sheet.PerSession[1] != 2 || sheet.PerSession[2] != 0 {
		t.Fatalf("per session %v, want 2, 2, 0, …", sheet.PerSession)
	}
	totals := map[string]int{}
	for _, r := range sheet.Rows {
		totals[r.Name] = r.Total
	}
	if totals["Testperson Alfa"] != 1 || totals["Testperson Beta"] != 2 || totals[`=HYPERLINK("http://x")`] != 1 {
		t.Fatalf("per person %v", totals)
	}
	mustContain(t, "activity page", b.get("/staff/activities/"+strconv.FormatInt(a.ID, 10)).body, "2 mødt")
	mustContain(t, "attendance page", b.get("/staff/activities/"+strconv.FormatInt(a.ID, 10)+"/attendance").body, "Testperson Beta", "✓")
}

// readCSV checks the export's encoding and returns its rows.
func readCSV(t *testing.T, res response) [][]string {
	t.Helper()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("export: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	body := []byte(res.body)
	if !bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		t.Fatal("the CSV has no UTF-8 byte-order mark: Excel would garble æøå")
	}
	r := csv.NewReader(bytes.NewReader(body[3:]))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse with ';': %v", err)
	}
	return rows
}

func TestSignupsExportParsesBackAndIsAudited(t *testing.T) {
	t.Parallel()
	s, b, a, _ := rollCallSetup(t)
	rows := readCSV(t, b.get("/staff/activities/"+strconv.FormatInt(a.ID, 10)+"/export/signups.csv"))
	wantHead := []string{"Reference", "Status", "Nr. på venteliste", "Navn", "Telefon", "Afdeling", "Alder", "Tilmeldt",
		"Tilmeldt af", "Samtykke læst op på", "Samtykketekst (version)", "Hvor mange børn tager du med?", "Deres alder", "Ja, jeg giver samtykke"}
	if !slices.Equal(rows[0][:11], wantHead[:11]) || len(rows[0]) != len(wantHead) {
		t.Fatalf("header %q", rows[0])
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows, want a header and 4 sign-ups", len(rows))
	}
	if rows[1][1] != "har plads" || rows[1][3] != "Testperson Alfa" || rows[1][4] != "+45 22 33 44 01" || rows[1][5] != "01-29 Munkevangen" {
		t.Errorf("first row %q", rows[1])
	}
	if rows[3][3] != `'=HYPERLINK("http://x")` {
		t.Errorf("a formula in a name is exported as %q, want it quoted as text", rows[3][3])
	}
	if rows[4][1] != "venteliste" || rows[4][2] != "1" {
		t.Errorf("waitlisted row %q", rows[4])
	}
	if rows[1][11] != "2" || rows[1][12] != "3 og 7" {
		t.Errorf("answers %q", rows[1][11:])
	}
	lines, _ := s.st.AuditLog(context.Background(), store.ActivitySubject(a.ID), domain.AuditExportSignups, 5)
	if len(lines) != 1 || lines[0].Detail["rows"] != float64(4) {
		t.Fatalf("export audit %+v", lines)
	}
}

func TestAttendanceExportHasTotals(t *testing.T) {
	t.Parallel()
	s, b, a, people := rollCallSetup(t)
	b.post(sessionPath(a, 0), url.Values{"signup": {people[0].ID}, "present": {"1"}})
	b.post(sessionPath(a, 0), url.Values{"signup": {people[1].ID}, "present": {"1"}})
	b.post(sessionPath(a, 1), url.Values{"signup": {people[1].ID}, "present": {"1"}})
	rows := readCSV(t, b.get("/staff/activities/"+strconv.FormatInt(a.ID, 10)+"/export/attendance.csv"))
	if got := rows[0][:4]; !slices.Equal(got, []string{"Reference", "Navn", "Status", "2027-01-12 10:00"}) {
		t.Fatalf("header %q", got)
	}
	if len(rows[0]) != 3+len(a.Sessions)+1 || rows[0][len(rows[0])-1] != "I alt" {
		t.Fatalf("header %q: want a column per session and a total", rows[0])
	}
	byName := map[string][]string{}
	for _, r := range rows[1:] {
		byName[r[1]] = r
	}
	beta := byName["Testperson Beta"]
	if beta[3] != "1" || beta[4] != "1" || beta[5] != "" || beta[len(beta)-1] != "2" {
		t.Errorf("Beta's row %q", beta)
	}
	foot := rows[len(rows)-1]
	if foot[1] != "I alt" || foot[3] != "2" || foot[4] != "1" || foot[len(foot)-1] != "3" {
		t.Errorf("totals row %q", foot)
	}
	if n := s.auditCount(domain.AuditExportAttend, store.ActivitySubject(a.ID)); n != 1 {
		t.Fatalf("attendance export audit lines: %d", n)
	}
}
