package staff_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// TestAssistedSignupFormSpeaksToTheStaffMember: the form a staff member
// fills in for a resident asks for "Beboerens navn", not "Dit navn", and
// its errors say "Skriv beboerens navn".
func TestAssistedSignupFormSpeaksToTheStaffMember(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	a := s.activity("mamamove")
	b := s.loggedIn("a@example.dk")
	path := "/staff/activities/" + strconv.FormatInt(a.ID, 10) + "/assist"
	form := b.get(path)
	mustContain(t, "assisted form", form.body, `<label for="f-name">Beboerens navn</label>`, "Beboerens mobilnummer", "Hvor bor beboeren?", "Beboeren siger ja")
	if strings.Contains(form.body, "Dit navn") {
		t.Error(`the assisted form says "Dit navn" to the staff member`)
	}
	res := b.post(path, url.Values{"_idem": {idem(t, form.body)}, "_read_in": {"da"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty assisted form: status %d", res.StatusCode)
	}
	mustContain(t, "errors", res.body, `<a href="#f-name">Skriv beboerens navn</a>`, "Vælg hvor beboeren bor", "Sæt kun flueben, når beboeren har sagt ja")
}
