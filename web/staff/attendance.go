package staff

import (
	"net/http"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/ui"
	"github.com/gin-gonic/gin"
)

// attendancePage is an activity's attendance: who came to which session,
// with totals per person and per session.
type attendancePage struct {
	Activity ui.ActivityCard
	Sheet    store.AttendanceSheet
}

// staffAttendance shows the attendance of everyone holding a place.
func (s *Server) staffAttendance(c *gin.Context) {
	a, ok := s.activityParam(c)
	if !ok {
		return
	}
	sheet, err := s.store.AttendanceSheet(c.Request.Context(), a.ID)
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "attendance", s.staffPage(c, "staff.attendance.title",
		attendancePage{Activity: ui.NewCard(a), Sheet: sheet}))
}
