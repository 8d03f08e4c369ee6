package staff_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

// TestAssistedSignupAsksWhetherTheResidentWantsSMS: while SMS is on, the
// assisted form asks the staff member, ticked by default, and a resident
// who said no gets no text about that sign-up.
func TestAssistedSignupAsksWhetherTheResidentWantsSMS(t *testing.T) {
	t.Parallel()
	s := newStaffSiteWith(t, web.Config{BaseURL: baseURL, SMS: true})
	if err := s.st.SetSMSEnabled(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	s.account("a@example.dk", domain.RoleStaff)
	a := s.activity("mamamove")
	b := s.loggedIn("a@example.dk")
	path := "/staff/activities/" + strconv.FormatInt(a.ID, 10) + "/assist"
	mustContain(t, "assisted form", b.get(path).body,
		`<input type="checkbox" id="f-sms" name="_sms" value="yes" checked><label for="f-sms">Beboeren vil have SMS`)
	for _, c := range []struct {
		name, phone string
		tick        bool
	}{{"Testperson Ja", "22334401", true}, {"Testperson Nej", "22334402", false}} {
		form := b.get(path)
		in := formValues(t, form.body, path) // as the browser sends it: ticked
		if in.Get("_sms") != "yes" {
			t.Fatal("the tick is not ticked by default")
		}
		for k, v := range mamaMoveForm(idem(t, form.body)) {
			in[k] = v
		}
		in.Set("name", c.name)
		in.Set("phone", c.phone)
		in.Set("_read_in", "so")
		if !c.tick {
			in.Del("_sms")
		}
		if res := b.post(path, in); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("assisted sign-up of %s: %d\n%s", c.name, res.StatusCode, res.body)
		}
	}
	var rows []struct {
		SMSOK  bool `db:"sms_ok"`
		Queued int  `db:"queued"`
	}
	if err := s.st.DB().Select(&rows, `SELECT s.sms_ok, (SELECT count(*) FROM outbox o WHERE o.signup_id = s.id AND o.channel = 'sms') AS queued
		FROM signups s WHERE s.activity_id = $1 ORDER BY s.id`, a.ID); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || !rows[0].SMSOK || rows[0].Queued != 1 || rows[1].SMSOK || rows[1].Queued != 0 {
		t.Fatalf("stored %+v; want the resident who said yes with her confirmation queued, and the one who said no with nothing", rows)
	}
}

func TestAssistedFormDoesNotAskAboutSMSWhileItIsOff(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	b := s.loggedIn("a@example.dk")
	body := b.get("/staff/activities/" + strconv.FormatInt(s.activity("mamamove").ID, 10) + "/assist").body
	if strings.Contains(body, `name="_sms"`) || strings.Contains(body, "vil have SMS") {
		t.Error("the assisted form asks about SMS while SMS is off")
	}
}
