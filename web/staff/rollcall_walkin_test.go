package staff_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// TestWalkInFromTheRollCall: someone turns up without a place; staff add
// her on the roll call with the consent read aloud, and she is counted.
func TestWalkInFromTheRollCall(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	a := s.shrink("mamamove", 10)
	s.residentSignsUp("Testperson Alfa", "22 33 44 01")
	s.residentSignsUp("Testperson Beta", "22 33 44 02")
	b := s.loggedIn("a@example.dk")
	first := sessionPath(a, 0)
	mustContain(t, "roll call", b.get(first).body, "0 af 2 mødt", `action="`+first+`/walk-in"`, "Samtykketeksten er læst op", `<option value="da" selected>`)

	// Without the consent box: refused, in Danish, with what was typed kept.
	res := b.post(first+"/walk-in", url.Values{"name": {"Testperson Gæst"}, "phone": {"22 33 44 09"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("walk-in without consent: %d", res.StatusCode)
	}
	mustContain(t, "refused walk-in", res.body, "Læs samtykketeksten op for beboeren", `value="Testperson Gæst"`, `value="22 33 44 09"`, "0 af 2 mødt")

	// A cross-site post is refused before it reaches the handler.
	req := httptest.NewRequest(http.MethodPost, first+"/walk-in", strings.NewReader(url.Values{
		"name": {"Testperson Gæst"}, "phone": {"22 33 44 09"}, "consent": {"1"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := b.do(req); res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site walk-in: %d", res.StatusCode)
	}

	res = b.post(first+"/walk-in", url.Values{"name": {"Testperson Gæst"}, "phone": {"22 33 44 09"}, "consent": {"1"}, "_read_in": {"so"}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, first+"#p-") {
		t.Fatalf("walk-in: %d to %q\n%s", res.StatusCode, loc, res.body)
	}
	page := b.get(first).body
	mustContain(t, "roll call after the walk-in", page, "1 af 3 mødt", "Testperson Gæst", `aria-pressed="true"`)

	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, first+"#p-"), 10, 64)
	su, err := s.st.SignupByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if su.ConsentReadIn != "so" || su.AssistedBy == 0 || su.Status != domain.StatusConfirmed {
		t.Fatalf("walk-in sign-up: read in %q, assisted by %d, status %q", su.ConsentReadIn, su.AssistedBy, su.Status)
	}
	if n := s.auditCount(domain.AuditSignupAssisted, store.SignupSubject(id)); n != 1 {
		t.Fatalf("assisted audit lines: %d", n)
	}
	sheet, err := s.st.AttendanceSheet(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sheet.PerSession[0] != 1 {
		t.Fatalf("first session attended by %d, want the walk-in", sheet.PerSession[0])
	}
}

// TestWalkInAtAFullActivityIsCountedWithAPlace: MamaMove has two places,
// both taken, and one mother waiting. A third mother walks in; added from
// the roll call she is counted as attended and holds a place beyond
// capacity, the override in the audit log as a walk-in. Nobody is bumped:
// the two keep their places and the one waiting stays first in line.
func TestWalkInAtAFullActivityIsCountedWithAPlace(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("fuld@example.dk", domain.RoleStaff)
	a := s.shrink("mamamove", 2)
	s.residentSignsUp("Testperson Alfa", "22 33 44 01")
	s.residentSignsUp("Testperson Beta", "22 33 44 02")
	s.residentSignsUp("Testperson Venter", "22 33 44 03")
	b := s.loggedIn("fuld@example.dk")
	first := sessionPath(a, 0)
	mustContain(t, "roll call of a full activity", b.get(first).body, "0 af 2 mødt")

	res := b.post(first+"/walk-in", url.Values{"name": {"Testperson Gæst"}, "phone": {"22 33 44 09"}, "consent": {"1"}, "_read_in": {"ar"}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, first+"#p-") {
		t.Fatalf("walk-in at a full activity: %d to %q\n%s", res.StatusCode, loc, res.body)
	}
	mustContain(t, "roll call after the walk-in", b.get(first).body, "1 af 3 mødt", "Testperson Gæst", `aria-pressed="true"`)

	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, first+"#p-"), 10, 64)
	ctx := context.Background()
	list, err := s.st.ListSignups(ctx, a.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, su := range list {
		got[su.Name] = string(su.Status) + strconv.Itoa(su.Position)
	}
	want := map[string]string{"Testperson Alfa": "confirmed0", "Testperson Beta": "confirmed0",
		"Testperson Venter": "waitlisted1", "Testperson Gæst": "confirmed0"}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s is %s, want %s", name, got[name], w)
		}
	}
	lines, err := s.st.AuditLog(ctx, store.SignupSubject(id), domain.AuditSignupStatus, 10)
	if err != nil || len(lines) != 1 || lines[0].Detail["walk_in"] != true || lines[0].Detail["over_capacity"] != true ||
		!strings.Contains(fmt.Sprint(lines[0].Detail["reason"]), "uden tilmelding") {
		t.Fatalf("the place beyond capacity is not audited as a walk-in: %+v, %v", lines, err)
	}
	sheet, err := s.st.AttendanceSheet(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sheet.PerSession[0] != 1 {
		t.Fatalf("first session attended by %d, want the walk-in", sheet.PerSession[0])
	}
}
