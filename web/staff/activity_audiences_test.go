package staff_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// An activity staff make for young people shows under "Unge" on the home
// page and not under "Børn"; before, staff could not say who it was for,
// and it stood only under "Alle". Unticking takes it off the filter again,
// and a word that is not one of the four is refused.
func TestStaffSayWhoTheirActivityIsFor(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("for@example.dk", domain.RoleStaff)
	b := s.loggedIn("for@example.dk")
	const action = "/staff/activities/new"
	page := b.get(action)
	mustContain(t, "editor", page.body, "<legend>Hvem er aktiviteten for?</legend>", `name="audiences" value="youth"`, ">Unge</label>")
	v := formValues(t, page.body, action)
	v.Set("slug", "lektiecafe-test")
	for _, n := range []string{"title", "summary", "audience", "place", "when"} {
		v.Set("text-"+n+"-da", "Testlektiecafé "+n)
	}
	v.Set("session-0-date", "2027-04-06")
	v.Set("session-0-time", "17:00")
	v.Set("open", "1")
	v.Set("op", "save")

	v["audiences"] = []string{"youth", "seniors"}
	res := b.post(action, v)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("save for seniors: %d, want refused", res.StatusCode)
	}
	mustContain(t, "refusal", res.body, `<a href="#audiences">Vælg kun blandt børn, unge, voksne og familier.</a>`)

	v["audiences"] = []string{"youth"}
	if res := b.post(action, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save for youth: %d\n%s", res.StatusCode, res.body)
	}
	const title = "Testlektiecafé title"
	mustContain(t, "home for youth", s.get("/?for=youth").body, title)
	if strings.Contains(s.get("/?for=children").body, title) {
		t.Fatal("an activity for youth is listed for children")
	}
	mustContain(t, "home for all", s.get("/").body, title)

	edit := "/staff/activities/" + strconv.FormatInt(s.activity("lektiecafe-test").ID, 10) + "/edit"
	v = formValues(t, b.get(edit).body, edit)
	if got := v["audiences"]; len(got) != 1 || got[0] != "youth" {
		t.Fatalf("the editor ticks %v, want youth", got)
	}
	v["audiences"] = []string{"children", "families"}
	v.Set("op", "save")
	if res := b.post(edit, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save for children and families: %d\n%s", res.StatusCode, res.body)
	}
	mustContain(t, "home for children after the edit", s.get("/?for=children").body, title)
	if strings.Contains(s.get("/?for=youth").body, title) {
		t.Fatal("still listed for youth after unticking it")
	}
}
