package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

func TestCreateNextMonthsMamaMove(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	s.residentSignsUp("Testperson Alfa", "22 33 44 01")
	old := s.activity("mamamove")
	b := s.loggedIn("a@example.dk")
	page := b.get("/staff/activities/" + strconv.FormatInt(old.ID, 10))
	dup := formValues(t, page.body, "/staff/activities/"+strconv.FormatInt(old.ID, 10)+"/duplicate")
	if dup.Get("slug") != "mamamove-2027-03" || dup.Get("weeks") != "10" {
		t.Fatalf("suggested copy %v: want mamamove-2027-03, 10 weeks on", dup)
	}
	res := b.post("/staff/activities/"+strconv.FormatInt(old.ID, 10)+"/duplicate", dup)
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "/edit?done=duplicated") {
		t.Fatalf("duplicate: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	editPath := strings.TrimSuffix(res.Header.Get("Location"), "?done=duplicated")
	edit := b.get(res.Header.Get("Location"))
	mustContain(t, "editor of the copy", edit.body, "Kopien er lavet", `value="2027-03-23"`, `value="10:00"`, `readonly`)

	// Reword the dates, and leave the Arabic "when" for a translator.
	v := formValues(t, edit.body, editPath)
	v.Set("text-when-da", "Tirsdage kl. 10–12, 10 gange fra 23. marts 2027")
	v.Set("text-when-en", "Tuesdays 10–12, 10 times from 23 March 2027")
	v.Set("text-when-ar", "")
	v.Set("open", "1")
	v.Set("op", "save")
	if res := b.post(editPath, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, res.body)
	}
	mustContain(t, "editor after saving", b.get(editPath).body, `id="text-when-ar"`, "1 oversættelse mangler.", "mangler")

	copy := s.activity("mamamove-2027-03")
	if !copy.Open || copy.Counts.Confirmed != 0 || len(copy.Sessions) != 10 {
		t.Fatalf("copy: open %v, %d confirmed, %d sessions", copy.Open, copy.Counts.Confirmed, len(copy.Sessions))
	}
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	if first := copy.Sessions[0].StartsAt.In(cph); first.Format("2006-01-02 15:04 Mon") != "2027-03-23 10:00 Tue" {
		t.Fatalf("first session of the copy %v", first)
	}
	if last := copy.Sessions[9].StartsAt.In(cph); last.Format("15:04") != "10:00" {
		t.Fatalf("after summer time the session moved to %v", last)
	}
	if res := s.get("/a/mamamove-2027-03?lang=en"); res.StatusCode != 200 || !strings.Contains(res.body, "23 March 2027") {
		t.Fatalf("residents' page of the copy: %d", res.StatusCode)
	}
	if got := s.activity("mamamove"); got.Counts.Confirmed != 1 || got.Texts.When["da"] == copy.Texts.When["da"] {
		t.Fatal("the original changed")
	}
	if res := b.post("/staff/activities/"+strconv.FormatInt(old.ID, 10)+"/duplicate", dup); !strings.Contains(res.Header.Get("Location"), "error=slug_taken") {
		t.Fatalf("copy to a taken address: %q", res.Header.Get("Location"))
	}
}

func TestActivityEditorWorksWithoutJavaScript(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	b := s.loggedIn("a@example.dk")
	const action = "/staff/activities/new"
	v := formValues(t, b.get(action).body, action)
	if v.Get("fields") != "4" || v.Get("field-3-use") != "consent" {
		t.Fatalf("a new form %v: want name, phone, department, consent", v)
	}
	// Add a choice question: it goes in before the consent.
	v.Set("add", "type:choice")
	v.Set("op", "add-field")
	res := b.post(action, v)
	v = formValues(t, res.body, action)
	if v.Get("fields") != "5" || v.Get("field-3-type") != "choice" || v.Get("field-4-use") != "consent" {
		t.Fatalf("after adding a choice: %v", v)
	}
	// Move it above the department.
	v.Set("op", "up:3")
	v = formValues(t, b.post(action, v).body, action)
	if v.Get("field-2-type") != "choice" || v.Get("field-3-use") != "department" {
		t.Fatalf("after moving up: %v", v)
	}
	v.Set("slug", "jobcafe")
	v.Set("field-2-key", "sprog")
	v.Set("field-2-label-da", "Hvilket sprog taler du?")
	v.Set("field-2-opt-0-value", "somali")
	v.Set("field-2-opt-0-label-da", "Somali")
	v.Set("field-2-opt-1-value", "arabisk")
	v.Set("field-2-opt-1-label-da", "Arabisk")
	v.Set("session-0-date", "2027-04-06")
	v.Set("session-0-time", "17:00")
	v.Set("capacity", "tyve")
	v.Set("op", "save")
	res = b.post(action, v)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("save with no Danish title and a bad capacity: %d", res.StatusCode)
	}
	mustContain(t, "errors", res.body, `<a href="#text-title-da">Skriv teksten på dansk.</a>`, `<a href="#capacity">`, `value="Hvilket sprog taler du?"`)
	v = formValues(t, res.body, action)
	for _, n := range []string{"title", "summary", "audience", "place", "when"} {
		v.Set("text-"+n+"-da", "Jobcafé "+n)
	}
	v.Set("capacity", "20")
	v.Set("op", "save")
	res = b.post(action, v)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, res.body)
	}
	a := s.activity("jobcafe")
	var keys []string
	for _, f := range a.Form.Fields {
		keys = append(keys, f.Key)
	}
	if strings.Join(keys, ",") != "name,phone,sprog,department,consent" || a.Open || *a.Capacity != 20 {
		t.Fatalf("stored: fields %v, open %v", keys, a.Open)
	}
	if lines, _ := s.st.AuditLog(context.Background(), "", domain.AuditActivityCreate, 5); len(lines) != 1 {
		t.Fatal("creating an activity is not audited")
	}
}

func TestArchivedActivityKeepsItsSignups(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	s.residentSignsUp("Testperson Alfa", "22 33 44 01")
	a := s.activity("mamamove")
	b := s.loggedIn("a@example.dk")
	path := "/staff/activities/" + strconv.FormatInt(a.ID, 10)
	if res := b.post(path+"/archive", url.Values{"archived": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d", res.StatusCode)
	}
	if res := s.get("/a/mamamove"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("archived activity on the public site: %d", res.StatusCode)
	}
	if strings.Contains(b.get("/staff/").body, path+`"`) {
		t.Fatal("archived activity among the current ones")
	}
	mustContain(t, "archive list", b.get("/staff/?archived=1").body, path)
	mustContain(t, "archived activity", b.get(path).body, "Testperson Alfa", "arkiveret")
	if res := b.post(path+"/open", url.Values{"open": {"1"}}); !strings.Contains(res.Header.Get("Location"), "error=archived") {
		t.Fatalf("opening an archived activity: %q", res.Header.Get("Location"))
	}
	b.post(path+"/archive", url.Values{"archived": {"0"}})
	if got := s.activity("mamamove"); got.Archived || got.Open || got.Counts.Confirmed != 1 {
		t.Fatalf("restored: archived %v open %v confirmed %d", got.Archived, got.Open, got.Counts.Confirmed)
	}
}

func TestStaffSeeThisMonthsSMSParts(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("sms@example.org", domain.RoleStaff)
	b := s.loggedIn("sms@example.org")
	if res := b.get("/staff/"); strings.Contains(res.body, "SMS denne måned") {
		t.Fatal("the SMS line shows with no SMS sent")
	}
	if _, err := s.st.DB().Exec(`INSERT INTO outbox (channel, kind, method, dedupe_key, order_key, payload, state, sent_at, parts)
		VALUES ('sms', 'confirmation', 'sms', 'a', 'sms:a', '{}', 'sent', now(), 2),
		       ('sms', 'reminder', 'sms', 'b', 'sms:b', '{}', 'sent', now(), 1),
		       ('sms', 'reminder', 'sms', 'c', 'sms:c', '{}', 'sent', now() - interval '40 days', 1)`); err != nil {
		t.Fatal(err)
	}
	res := b.get("/staff/")
	mustContain(t, "staff home", res.body, "SMS denne måned: 3 dele")
}
