package staff

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

// activitiesPage is the data of the staff's list of activities.
type activitiesPage struct {
	Activities []ui.ActivityCard
	Archived   bool
	// SMSParts are the SMS parts sent this calendar month (what the
	// gateway bills); 0 hides the line, as with SMS off.
	SMSParts int
}

// staffActivities lists the current activities, or with ?archived=1 the
// archived ones, with their numbers.
func (s *Server) staffActivities(c *gin.Context) {
	archived := c.Query("archived") == "1"
	acts, err := s.store.StaffActivities(c.Request.Context(), archived)
	if err != nil {
		s.serverError(c, err)
		return
	}
	cards := make([]ui.ActivityCard, len(acts))
	for i, a := range acts {
		cards[i] = ui.NewCard(a)
	}
	now := s.now().In(s.tz)
	parts, err := s.store.SMSParts(c.Request.Context(), time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.tz))
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "activities", s.staffPage(c, "staff.activities.title",
		activitiesPage{Activities: cards, Archived: archived, SMSParts: parts}))
}

// activityParam loads the activity named by :id, archived or not,
// answering 404 itself when there is none.
func (s *Server) activityParam(c *gin.Context) (store.ActivityWithCounts, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.notFound(c)
		return store.ActivityWithCounts{}, false
	}
	a, err := s.store.ActivityByID(c.Request.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(c)
		return a, false
	}
	if err != nil {
		s.serverError(c, err)
		return a, false
	}
	return a, true
}

// activityPath is the address of an activity's staff page.
func activityPath(id int64) string { return "/staff/activities/" + strconv.FormatInt(id, 10) }
