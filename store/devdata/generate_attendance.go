package devdata

import (
	"context"
	"fmt"
)

// Roll calls of the sessions held before the end of the stretch: everyone
// holding a place when a session began is marked, about 85 in 100 present
// (ids decide who, so a run is the same every time), two hours after it
// began. $1 and $2 bound the activities, $3 is the generator's staff
// account, $4 the end of the stretch and $5 how many rows to make at most.
const genAttendance = `INSERT INTO attendance (session_id, signup_id, present, marked_by, marked_at)
SELECT se.id, s.id, (se.id * 7919 + s.id * 104729) % 100 < 85, $3, se.starts_at + interval '2 hours'
FROM activity_sessions se
JOIN signups s ON s.activity_id = se.activity_id AND s.created_at <= se.starts_at
WHERE se.activity_id BETWEEN $1 AND $2 AND se.starts_at < $4
  AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = se.id AND a.signup_id = s.id)
  AND CASE WHEN s.status_at <= se.starts_at THEN s.status ELSE (
      SELECT e.status FROM signup_events e WHERE e.signup_id = s.id AND e.at <= se.starts_at
      ORDER BY e.at DESC, e.id DESC LIMIT 1) END = 'confirmed'
LIMIT $5`

// attendanceBatch is how many activities' roll calls go in one statement.
const attendanceBatch = 200

// attendance marks the roll calls batch by batch of activities, each
// batch its share of what is still wanted, so the marks spread over the
// whole stretch instead of running out before its end. Recent activities
// have sessions still to come; what they could not take, a second pass
// makes up.
func (g *generator) attendance(ctx context.Context) error {
	batches := (len(g.acts) + attendanceBatch - 1) / attendanceBatch
	for pass := 0; pass < 2 && g.made.Attendance < g.o.Attendance; pass++ {
		for b := 0; b < batches && g.made.Attendance < g.o.Attendance; b++ {
			first, last := g.acts[b*attendanceBatch].id, g.acts[min((b+1)*attendanceBatch, len(g.acts))-1].id
			share := g.o.Attendance - g.made.Attendance // the second pass takes what it can
			if pass == 0 {
				share = (share + batches - b - 1) / (batches - b)
			}
			res, err := g.db.ExecContext(ctx, genAttendance, first, last, g.staffID, g.o.Until, share)
			if err != nil {
				return fmt.Errorf("attendance: %w", err)
			}
			n, _ := res.RowsAffected()
			g.made.Attendance += int(n)
			g.o.Progress("attendance", g.made.Attendance, g.o.Attendance)
		}
	}
	return nil
}
