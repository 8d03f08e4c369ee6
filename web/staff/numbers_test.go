package staff_test

import (
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// TestActivityListSaysHowFullInASentence: the list said "0 af ingen
// grænse pladser · 0 på venteliste"; it now says how many have signed up
// in words, and the waiting list only when someone is on it.
func TestActivityListSaysHowFullInASentence(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	body := s.loggedIn("a@example.dk").get("/staff/").body
	mustContain(t, "activity list", body, "0 tilmeldt, ingen grænse for antal pladser", "0 af 20 pladser taget")
	for _, bad := range []string{"ingen grænse pladser", "0 på venteliste"} {
		if strings.Contains(body, bad) {
			t.Errorf("the activity list says %q", bad)
		}
	}
}
