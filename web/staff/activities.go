package staff

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
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
	// Replies are SMS replies waiting for staff; 0 hides the link.
	Replies int
	// Today are today's and tomorrow's sessions, each with its roll call.
	Today []todaySession
	Now   time.Time
}

// todaySession is one session today or tomorrow, with its roll call's
// count so far.
type todaySession struct {
	Activity ui.ActivityCard
	Session  domain.Session
	Tomorrow bool
	Present  int
	Total    int
}

// nextSession is an activity's next session not yet ended at now.
func nextSession(a ui.ActivityCard, now time.Time) (domain.Session, bool) {
	for _, se := range a.Sessions {
		if se.StartsAt.Add(time.Duration(se.Minutes) * time.Minute).After(now) {
			return se, true
		}
	}
	return domain.Session{}, false
}

// sortByNextSession puts the activities meeting soonest first; those with
// no session ahead keep their order after them.
func sortByNextSession(cards []ui.ActivityCard, now time.Time) {
	slices.SortStableFunc(cards, func(a, b ui.ActivityCard) int {
		sa, oka := nextSession(a, now)
		sb, okb := nextSession(b, now)
		switch {
		case oka && okb:
			return sa.StartsAt.Compare(sb.StartsAt)
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
}

// todaySessions are the sessions of today and tomorrow on the plan's
// wall clock, soonest first, each with how many are marked present.
func (s *Server) todaySessions(c *gin.Context, cards []ui.ActivityCard, now time.Time) ([]todaySession, error) {
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.tz)
	tomorrow, end := day.AddDate(0, 0, 1), day.AddDate(0, 0, 2)
	var out []todaySession
	for _, a := range cards {
		for _, se := range a.Sessions {
			if se.StartsAt.Before(day) || !se.StartsAt.Before(end) {
				continue
			}
			rc, err := s.store.RollCall(c.Request.Context(), a.ID, se.ID)
			if err != nil {
				return nil, err
			}
			out = append(out, todaySession{Activity: a, Session: se, Tomorrow: !se.StartsAt.Before(tomorrow),
				Present: rc.Present, Total: len(rc.People)})
		}
	}
	slices.SortStableFunc(out, func(x, y todaySession) int { return x.Session.StartsAt.Compare(y.Session.StartsAt) })
	return out, nil
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
	now := s.now().In(s.tz)
	cards := make([]ui.ActivityCard, len(acts))
	for i, a := range acts {
		cards[i] = ui.NewCard(a)
	}
	sortByNextSession(cards, now)
	var today []todaySession
	if !archived {
		if today, err = s.todaySessions(c, cards, now); err != nil {
			s.serverError(c, err)
			return
		}
	}
	parts, err := s.store.SMSParts(c.Request.Context(), time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.tz))
	if err != nil {
		s.serverError(c, err)
		return
	}
	replies, err := s.store.CountRepliesForStaff(c.Request.Context())
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "activities", s.staffPage(c, "staff.activities.title",
		activitiesPage{Activities: cards, Archived: archived, SMSParts: parts, Replies: replies, Today: today, Now: now}))
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
