package staff_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/bot"
	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// summarySite is the staff site on Friday of week 48 of 2026, with the
// sample week (storetest.SampleWeek) as week 47, and a staff member
// logged in.
func summarySite(t *testing.T) (*staffSite, *browser, storetest.SampleWeek) {
	t.Helper()
	s := newStaffSite(t)
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	s.clock.now = time.Date(2026, 11, 27, 10, 0, 0, 0, loc)
	sample := storetest.NewSampleWeek(t, s.st, domain.Week{Year: 2026, Num: 47}, loc)
	s.account("a@example.dk", domain.RoleStaff)
	return s, s.loggedIn("a@example.dk"), sample
}

var totalCell = regexp.MustCompile(`<dd data-total="([a-z]+)">([^<]*)</dd>`)

// pageTotals reads the week's totals off the page, by name, in order.
func pageTotals(t *testing.T, body string) (names, values []string) {
	t.Helper()
	for _, m := range totalCell.FindAllStringSubmatch(body, -1) {
		names = append(names, m[1])
		values = append(values, html.UnescapeString(m[2]))
	}
	if len(names) != 9 {
		t.Fatalf("%d totals on the page:\n%s", len(names), body)
	}
	return names, values
}

func TestStaffSummaryShowsLastWeeksNumbers(t *testing.T) {
	t.Parallel()
	_, b, _ := summarySite(t)
	res := b.get("/staff/summary")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("summary: %d\n%s", res.StatusCode, res.body)
	}
	mustContain(t, "summary page", res.body, "Uge 47, 2026", "Testaktivitet Uge", "Familiehuset", "Sundhedsplejen",
		`href="/staff/summary?week=2026-W46"`, `href="/staff/summary.csv?week=2026-W47"`, "AAB Afdeling 49 (Stærevej)")
	if strings.Contains(res.body, `rel="next"`) {
		t.Error("week 48 is not over; the page must not link to it")
	}
	names, values := pageTotals(t, res.body)
	want := map[string]string{"new": "4 (+4)", "cancelled": "1 (+1)", "places": "2 af 3 (66,7\u00a0%)", "waiting": "1",
		"attended": "2", "referrals": "8 (+8)", "open": "1", "departments": "3 af 14"}
	for i, n := range names {
		if w, ok := want[n]; ok && values[i] != w {
			t.Errorf("total %s: %q, want %q", n, values[i], w)
		}
	}
	for path, status := range map[string]int{"/staff/summary?week=2026-W48": 404, "/staff/summary?week=uge+47": 200,
		"/staff/summary?week=2026-W60": 404, "/staff/summary?week=47&lang=en": 200} {
		if got := b.get(path).StatusCode; got != status {
			t.Errorf("%s: %d, want %d", path, got, status)
		}
	}
}

func TestStaffSummaryCSVHasTheSameNumbersForExcel(t *testing.T) {
	t.Parallel()
	_, b, _ := summarySite(t)
	res := b.get("/staff/summary.csv?week=2026-W47")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "opsummering-2026-W47.csv") {
		t.Fatalf("CSV: %d %v", res.StatusCode, res.Header)
	}
	if !strings.HasPrefix(res.body, "\ufeff") {
		t.Fatal("no byte-order mark: Excel would read UTF-8 as Latin-1")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\ufeff")))
	r.Comma, r.FieldsPerRecord = ';', -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	find := func(first string) []string {
		for _, row := range rows {
			if row[0] == first {
				return row
			}
		}
		t.Fatalf("no row %q in\n%s", first, res.body)
		return nil
	}
	if got := find("Nye tilmeldinger"); got[1] != "4" || got[4] != "0" {
		t.Errorf("new sign-ups row %q", got)
	}
	if got := find("Testaktivitet Uge"); !slices.Equal(got[2:], []string{"4", "1", "2", "3", "1", "1", "2", "3", "66,7\u00a0%"}) {
		t.Errorf("activity row %q", got)
	}
	if got := find("Familiehuset"); !slices.Equal(got[1:], []string{"6", "1", "0", "0", "0", "0", "1"}) {
		t.Errorf("Familiehuset row %q", got)
	}
	if got := find("01-29 Munkevangen"); !slices.Equal(got[1:], []string{"2", "2", "2"}) {
		t.Errorf("Munkevangen row %q", got)
	}
}

// recordingSlack is a Slack Web API that answers every chat.postMessage
// and keeps its blocks.
type recordingSlack struct {
	mu    sync.Mutex
	posts map[string][]json.RawMessage // channel → blocks of each post
}

func newRecordingSlack(t *testing.T) (*recordingSlack, string) {
	rs := &recordingSlack{posts: map[string][]json.RawMessage{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		rs.mu.Lock()
		rs.posts[form.Get("channel")] = append(rs.posts[form.Get("channel")], json.RawMessage(form.Get("blocks")))
		n := len(rs.posts[form.Get("channel")])
		rs.mu.Unlock()
		fmt.Fprintf(w, `{"ok": true, "channel": %q, "ts": "1764237600.%06d"}`, form.Get("channel"), n)
	}))
	t.Cleanup(srv.Close)
	return rs, srv.URL + "/api"
}

// slackFields reads the field texts of a posted summary, in order.
func slackFields(t *testing.T, blocks json.RawMessage) []string {
	var bs []struct {
		Fields []struct{ Text string } `json:"fields"`
	}
	if err := json.Unmarshal(blocks, &bs); err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		if len(b.Fields) > 0 {
			var out []string
			for _, f := range b.Fields {
				_, value, _ := strings.Cut(f.Text, "\n")
				out = append(out, value)
			}
			return out
		}
	}
	t.Fatal("the summary has no fields")
	return nil
}

var number = regexp.MustCompile(`[0-9]+(?:,[0-9]+)?`)

// TestStaffPageAndSlackSummaryHaveTheSameNumbers posts week 47's summary
// to a fake Slack the way Monday's scheduler does, and reads the staff
// page for the same week: every total has the same numbers in both.
func TestStaffPageAndSlackSummaryHaveTheSameNumbers(t *testing.T) {
	t.Parallel()
	s, b, _ := summarySite(t)
	rs, api := newRecordingSlack(t)
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	app, err := bot.New(s.st, testPlan(t), bundle, slog.New(slog.NewTextHandler(io.Discard, nil)), bot.Config{SigningSecret: "x",
		BotToken: "xoxb-test", StaffChannel: "C0STAFF", APIURL: api, BaseURL: baseURL})
	if err != nil {
		t.Fatal(err)
	}
	app.SetClock(s.clock.Now)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); app.NewWorker(bot.WorkerOptions{Poll: 10 * time.Millisecond}).Run(ctx) }()
	defer func() { cancel(); <-done }()
	if n, err := app.PostDigests(ctx, domain.Week{Year: 2026, Num: 47}, bot.PostOptions{By: bot.ByCommand}); n != 1 || err != nil {
		t.Fatalf("queued %d, %v", n, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		rs.mu.Lock()
		posted := rs.posts["C0STAFF"]
		rs.mu.Unlock()
		if len(posted) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the summary never reached Slack")
		}
		time.Sleep(10 * time.Millisecond)
	}
	fields := slackFields(t, rs.posts["C0STAFF"][0])
	names, values := pageTotals(t, b.get("/staff/summary?week=2026-W47").body)
	if len(fields) != len(values) {
		t.Fatalf("Slack has %d fields, the page %d totals", len(fields), len(values))
	}
	for i := range values {
		page, slack := number.FindAllString(values[i], -1), number.FindAllString(fields[i], -1)
		if !slices.Equal(page, slack) {
			t.Errorf("%s: the page says %q, Slack %q", names[i], values[i], fields[i])
		}
	}
	if all := string(rs.posts["C0STAFF"][0]); !strings.Contains(all, "Testaktivitet Uge") {
		t.Errorf("the Slack summary lacks the activity: %s", all)
	}
}

// TestIndicatorsCountRetentionAndJobsHeld: a youth club where three got a
// place in February and two were present in September, six months on;
// and the sample activity marked as a pocket-money job, which two of the
// three held to its end (the third cancelled before its last session).
func TestIndicatorsCountRetentionAndJobsHeld(t *testing.T) {
	t.Parallel()
	s, b, sample := summarySite(t)
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	at := func(month, day int) time.Time { return time.Date(2026, time.Month(month), day, 17, 0, 0, 0, loc) }
	club := storetest.AddActivity(t, s.st, "ungeklub", "Ungeklubben", 20, 17)
	feb, sep := storetest.AddSession(t, s.st, club, at(2, 10)), storetest.AddSession(t, s.st, club, at(9, 15))
	for i := range 3 {
		id := storetest.AddSignup(t, s.st, club, "confirmed", "fsb-01-29", 14, at(2, 1))
		storetest.Mark(t, s.st, feb, id, true)
		storetest.Mark(t, s.st, sep, id, i < 2)
	}
	page := b.get("/staff/indicators?from=2026-01-01&to=2026-12-31")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("indicators: %d\n%s", page.StatusCode, page.body)
	}
	mustContain(t, "indicators", page.body, "3 vejledt ind, 2 går der stadig efter 6 måneder (66,7\u00a0%)",
		"Lommepengejob: 0 af 0")

	storetest.AddSession(t, s.st, sample.ActivityID, time.Date(2026, 11, 20, 17, 0, 0, 0, loc)) // Friday: the job's end
	res := b.post("/staff/indicators/jobs", url.Values{"activity": {fmt.Sprint(sample.ActivityID)}, "kind": {"pocket_money"}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "done=job_kind") {
		t.Fatalf("mark as job: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if got := s.auditCount(domain.AuditActivityUpdate, fmt.Sprintf("activity:%d", sample.ActivityID)); got != 1 {
		t.Errorf("%d audit lines for marking the job, want 1", got)
	}
	page = b.get("/staff/indicators?from=2026-11-01&to=2026-11-30")
	mustContain(t, "indicators with a job", page.body, "Lommepengejob: 2 af 3 holdt jobbet hele perioden (66,7\u00a0%)")
	csvRes := b.get("/staff/indicators.csv?from=2026-11-01&to=2026-11-30")
	if !strings.HasPrefix(csvRes.body, "\ufeff") || !strings.Contains(csvRes.body, "Testaktivitet Uge;Lommepengejob;2026-11-20;3;2;66,7\u00a0%") {
		t.Errorf("indicators CSV:\n%s", csvRes.body)
	}
	if res := b.post("/staff/indicators/jobs", url.Values{"activity": {"x"}, "kind": {"pocket_money"}}); !strings.Contains(res.Header.Get("Location"), "error=job_kind") {
		t.Errorf("a bad activity: %q", res.Header.Get("Location"))
	}
	if res := b.get("/staff/indicators?from=2026-12-01&to=2026-01-01"); !strings.Contains(res.Header.Get("Location"), "error=period") {
		t.Errorf("a reversed period: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}
