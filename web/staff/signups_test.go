package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// shrink gives MamaMove only n places, so a few sign-ups fill it.
func (s *staffSite) shrink(slug string, n int) store.ActivityWithCounts {
	s.t.Helper()
	a := s.activity(slug)
	a.Capacity = &n
	if _, err := s.st.UpdateActivity(context.Background(), a.Activity, store.Actor{}); err != nil {
		s.t.Fatal(err)
	}
	return a
}

var listEntry = regexp.MustCompile(`<li data-status="([a-z_]+)" data-position="([0-9]+)"><a href="/staff/signups/([0-9]+)"><strong>([^<]+)</strong> <span class="muted" dir="ltr">([A-Z0-9]{6})</span>`)

type listed struct {
	Status, Position, ID, Name, Ref string
}

func signupList(t *testing.T, body string) []listed {
	t.Helper()
	var out []listed
	for _, m := range listEntry.FindAllStringSubmatch(body, -1) {
		out = append(out, listed{m[1], m[2], m[3], m[4], m[5]})
	}
	return out
}

func TestResidentsSignupAppearsOnTheStaffListInOrder(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	a := s.shrink("mamamove", 2)
	refs := []string{
		s.residentSignsUp("Testperson Alfa", "22 33 44 01"),
		s.residentSignsUp("Testperson Beta", "22 33 44 02"),
		s.residentSignsUp("Testperson Gamma", "22 33 44 03"),
		s.residentSignsUp("Testperson Delta", "22 33 44 04"),
	}
	b := s.loggedIn("a@example.dk")
	res := b.get("/staff/activities/" + strconv.FormatInt(a.ID, 10))
	if res.StatusCode != 200 {
		t.Fatalf("activity page: %d", res.StatusCode)
	}
	got := signupList(t, res.body)
	want := []listed{
		{"confirmed", "0", "", "Testperson Alfa", refs[0]},
		{"confirmed", "0", "", "Testperson Beta", refs[1]},
		{"waitlisted", "1", "", "Testperson Gamma", refs[2]},
		{"waitlisted", "2", "", "Testperson Delta", refs[3]},
	}
	if len(got) != len(want) {
		t.Fatalf("listed %+v", got)
	}
	for i := range want {
		want[i].ID = got[i].ID
		if got[i] != want[i] {
			t.Errorf("entry %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	mustContain(t, "activity page", res.body, "venteliste #1", "venteliste #2", "har plads")

	for q, name := range map[string]string{"gamma": "Testperson Gamma", "+45 22334404": "Testperson Delta",
		"22 33 44 02": "Testperson Beta", strings.ToLower(refs[0]): "Testperson Alfa"} {
		found := signupList(t, b.get("/staff/activities/"+strconv.FormatInt(a.ID, 10)+"?q="+url.QueryEscape(q)).body)
		if len(found) != 1 || found[0].Name != name {
			t.Errorf("search %q found %+v, want %s", q, found, name)
		}
	}
}

func TestViewingAPersonIsAudited(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	me := s.account("a@example.dk", domain.RoleStaff)
	s.residentSignsUp("Testperson Alfa", "22 33 44 01")
	b := s.loggedIn("a@example.dk")
	id := signupList(t, b.get("/staff/activities/"+strconv.FormatInt(s.activity("mamamove").ID, 10)).body)[0].ID
	res := b.get("/staff/signups/" + id)
	mustContain(t, "details", res.body, "Testperson Alfa", "4522334401", "01-29 Munkevangen", "Hvor mange børn")
	b.get("/staff/signups/" + id)
	sid, _ := strconv.ParseInt(id, 10, 64)
	lines, err := s.st.AuditLog(context.Background(), store.SignupSubject(sid), domain.AuditSignupView, 10)
	if err != nil || len(lines) != 2 || lines[0].StaffID != me.ID || lines[0].Addr != "10.1.2.3" {
		t.Fatalf("view audit: %+v, %v; want two lines by %d", lines, err, me.ID)
	}
}

func TestStaffMovesSomeoneOffTheWaitingListWithAReason(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	a := s.shrink("mamamove", 1)
	s.residentSignsUp("Testperson Alfa", "22 33 44 01")
	s.residentSignsUp("Testperson Beta", "22 33 44 02")
	s.residentSignsUp("Testperson Gamma", "22 33 44 03")
	b := s.loggedIn("a@example.dk")
	page := "/staff/activities/" + strconv.FormatInt(a.ID, 10)
	list := signupList(t, b.get(page).body)
	alfa, beta, gamma := list[0].ID, list[1].ID, list[2].ID

	// Cancelling a place gives it to the first on the waiting list.
	if res := b.post("/staff/signups/"+alfa+"/status", url.Values{"status": {"cancelled"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	after := map[string]string{}
	for _, l := range signupList(t, b.get(page).body) {
		after[l.ID] = l.Status
	}
	if after[alfa] != "cancelled" || after[beta] != "confirmed" || after[gamma] != "waitlisted" {
		t.Fatalf("after cancelling Alfa: %v; want Beta promoted", after)
	}
	bid, _ := strconv.ParseInt(beta, 10, 64)
	if n := s.auditCount(domain.AuditSignupPromoted, store.SignupSubject(bid)); n != 1 {
		t.Fatalf("promotion audit lines: %d", n)
	}

	// Gamma gets a place beyond capacity only with a reason.
	res := b.post("/staff/signups/"+gamma+"/status", url.Values{"status": {"confirmed"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Skriv en begrundelse") {
		t.Fatalf("off the waiting list without a reason: %d", res.StatusCode)
	}
	res = b.post("/staff/signups/"+gamma+"/status", url.Values{"status": {"confirmed"}, "reason": {"Hendes søster er på holdet"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("with a reason: %d\n%s", res.StatusCode, res.body)
	}
	detail := b.get(res.Header.Get("Location"))
	mustContain(t, "sign-up after the change", detail.body, "Status er ændret.", "Hendes søster er på holdet", "venteliste → har plads")
	if got := s.activity("mamamove").Counts.Confirmed; got != 2 {
		t.Fatalf("confirmed %d, want 2: one place over capacity, on purpose", got)
	}
}

func TestNoteRefusesACPRNumber(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	s.residentSignsUp("Testperson Alfa", "22 33 44 01")
	b := s.loggedIn("a@example.dk")
	id := signupList(t, b.get("/staff/activities/"+strconv.FormatInt(s.activity("mamamove").ID, 10)).body)[0].ID
	res := b.post("/staff/signups/"+id+"/note", url.Values{"note": {"Hendes cpr er 010203-1234"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Skriv ikke et CPR-nummer") {
		t.Fatalf("CPR in a note: %d", res.StatusCode)
	}
	if !strings.Contains(res.body, "Hendes cpr er 010203-1234</textarea>") {
		t.Error("the refused note is not kept in the box to correct")
	}
	if res := b.post("/staff/signups/"+id+"/note", url.Values{"note": {"Har brug for tolk (somali)"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("note: %d", res.StatusCode)
	}
	mustContain(t, "sign-up", b.get("/staff/signups/"+id).body, "Har brug for tolk (somali)</textarea>")
}

func TestStaffSignsUpANeighbourAtTheDoor(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	me := s.account("a@example.dk", domain.RoleStaff)
	a := s.activity("mamamove")
	b := s.loggedIn("a@example.dk")
	path := "/staff/activities/" + strconv.FormatInt(a.ID, 10) + "/assist"
	form := b.get(path)
	mustContain(t, "assisted form", form.body, `name="_read_in"`, `lang="ar"`, "f-name")
	// The text staff read aloud carries the privacy facts too.
	mustContain(t, "consent texts read aloud", form.body, `class="consent-text consent-facts" lang="ar" dir="rtl"`, "EU-US Data Privacy Framework")
	// It names the plan that keeps her data, in every language staff may read it in.
	mustContain(t, "consent texts naming the plan", form.body, `lang="da" dir="ltr">Beboerprojekt Nordvest gemmer det, du skriver her`,
		`lang="so" dir="ltr">Beboerprojekt Nordvest waxay kaydinaysaa`, "يحتفظ Beboerprojekt Nordvest بما")
	in := mamaMoveForm(idem(t, form.body))
	in.Set("name", "Testperson Nabo")
	in.Set("phone", "٢٢٣٣٤٤٩٩")
	if res := b.post(path, in); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Vælg det sprog") {
		t.Fatalf("without the read-aloud language: %d", res.StatusCode)
	}
	in.Set("_read_in", "ar")
	res := b.post(path, in)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assisted sign-up: %d\n%s", res.StatusCode, res.body)
	}
	detail := b.get(res.Header.Get("Location"))
	mustContain(t, "new sign-up", detail.body, "Hun er tilmeldt.", "Testperson Nabo", "4522334499", me.Name, "samtykke læst op på العربية")
	var row struct {
		AssistedBy int64  `db:"assisted_by"`
		ReadIn     string `db:"consent_read_in"`
		Lang       string `db:"lang"`
	}
	// Names are sealed in the database: hers is the activity's only sign-up.
	if err := s.st.DB().Get(&row, `SELECT assisted_by, consent_read_in, lang FROM signups WHERE activity_id = $1`, a.ID); err != nil {
		t.Fatal(err)
	}
	if row.AssistedBy != me.ID || row.ReadIn != "ar" || row.Lang != "ar" {
		t.Fatalf("stored %+v", row)
	}
	// The same form again (a double tap) makes no second sign-up.
	b.post(path, in)
	var n int
	s.st.DB().Get(&n, `SELECT count(*) FROM signups WHERE activity_id = $1`, a.ID)
	if n != 1 {
		t.Fatalf("%d sign-ups after a double tap", n)
	}
}
