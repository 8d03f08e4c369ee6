package staff_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// Staff set on the activity's page how long an offer of a freed place
// holds it; the next offer runs that long, and a time outside 2 to 168
// hours is refused.
func TestStaffSetHowLongAnOfferHoldsThePlace(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	ctx := context.Background()
	if err := s.st.SetSMSEnabled(ctx, true); err != nil {
		t.Fatal(err)
	}
	s.account("tilbud@example.dk", domain.RoleStaff)
	if _, err := s.st.DB().Exec(`UPDATE activities SET capacity = 1 WHERE slug = 'mamamove'`); err != nil {
		t.Fatal(err)
	}
	first := s.residentSignsUp("Testperson Først", "22 33 44 08")
	second := s.residentSignsUp("Testperson Næst", "22 33 44 09")

	b := s.loggedIn("tilbud@example.dk")
	action := "/staff/activities/" + strconv.FormatInt(s.activity("mamamove").ID, 10) + "/edit"
	mustContain(t, "editor", b.get(action).body, "Tid til at svare på et tilbud (timer)")
	if got := formValues(t, b.get(action).body, action).Get("offer_hours"); got != "48" {
		t.Fatalf("the page shows %q hours, want the default 48", got)
	}
	save := func(hours string) response {
		v := formValues(t, b.get(action).body, action)
		v.Set("offer_hours", hours)
		v.Set("op", "save")
		return b.post(action, v)
	}
	if res := save("200"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("200 hours: %d, want refused", res.StatusCode)
	} else {
		mustContain(t, "refusal", res.body, "Skriv et helt antal timer fra 2 til 168.")
	}
	if res := save("6"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("6 hours: %d\n%s", res.StatusCode, res.body)
	}
	if got := formValues(t, b.get(action).body, action).Get("offer_hours"); got != "6" {
		t.Fatalf("the page shows %q hours after saving 6", got)
	}

	var id int64
	if err := s.st.DB().Get(&id, `SELECT id FROM signups WHERE reference = $1`, first); err != nil {
		t.Fatal(err)
	}
	su, err := s.st.SignupByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.st.CancelSignup(ctx, su.CancelToken); err != nil {
		t.Fatal(err)
	}
	var expires time.Time
	if err := s.st.DB().Get(&expires, `SELECT offer_expires_at FROM signups WHERE reference = $1`, second); err != nil {
		t.Fatal(err)
	}
	if d := time.Until(expires); d < 5*time.Hour+50*time.Minute || d > 6*time.Hour {
		t.Fatalf("the offer runs %v, want 6 hours", d)
	}
	// The sign-up list tells staff who holds an offer, and until when.
	mustContain(t, "sign-up list", b.get("/staff/activities/"+strconv.FormatInt(s.activity("mamamove").ID, 10)).body,
		"Tilbudt pladsen til")
}
