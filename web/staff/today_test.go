package staff_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// TestFirstPageShowsTodaysRollCallsAndListsBySession: on the morning of a
// MamaMove session the first staff page lists it under "I dag og i
// morgen" with its roll call and count, and the activities below meet
// soonest first.
func TestFirstPageShowsTodaysRollCallsAndListsBySession(t *testing.T) {
	t.Parallel()
	s := newStaffSite(t)
	s.account("a@example.dk", domain.RoleStaff)
	a := s.activity("mamamove")
	tz, _ := time.LoadLocation("Europe/Copenhagen")
	first := a.Sessions[0]
	start := first.StartsAt.In(tz)
	s.clock.now = time.Date(start.Year(), start.Month(), start.Day(), 7, 0, 0, 0, tz)
	body := s.loggedIn("a@example.dk").get("/staff/").body
	roll := "/staff/activities/" + strconv.FormatInt(a.ID, 10) + "/sessions/" + strconv.FormatInt(first.ID, 10)
	mustContain(t, "first page", body, "I dag og i morgen", `href="`+roll+`"`, "I dag kl. "+start.Format("15.04"), "0 af 0 mødt")
	list := body[strings.Index(body, "Alle aktiviteter, næste gang først"):]
	if i, j := strings.Index(list, "MamaMove"), strings.Index(list, "Jobaften"); i < 0 || j < 0 || i > j {
		t.Errorf("MamaMove, meeting today, is not listed before Jobaften (at %d and %d)", i, j)
	}
}
