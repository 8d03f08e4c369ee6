package main

import (
	"database/sql"
	"fmt"
)

// injectDefects breaks the run's results on purpose before the checks
// (-selftest, SOAK_SELFTEST=1), to show that each kind of defect is
// caught: the run must then fail, naming each one. The database is the
// run's own, dropped afterwards.
func injectDefects(db *sql.DB, fake *fakeSlack) ([]string, error) {
	steps := []struct{ what, sql string }{
		{"a delivered sign-up's reference changed (lost sign-up, unknown sign-up)",
			`UPDATE signups SET reference = 'ZZZZZZ' WHERE id = (SELECT min(id) FROM signups WHERE status = 'confirmed')`},
		{"valgambassador's kept confirmed count off by one",
			`UPDATE activities SET confirmed_count = confirmed_count + 1 WHERE slug = 'valgambassador'`},
		{"one waiting sign-up for valgambassador given a place over capacity",
			`UPDATE signups SET status = 'confirmed' WHERE id = (SELECT min(s.id) FROM signups s
				JOIN activities a ON a.id = s.activity_id WHERE a.slug = 'valgambassador' AND s.status = 'waitlisted')`},
		{"the last Slack message marked failed",
			`UPDATE outbox SET state = 'failed', last_error = 'selftest' WHERE id = (SELECT max(id) FROM outbox)`},
	}
	var done []string
	for _, s := range steps {
		res, err := db.Exec(s.sql)
		if err != nil {
			return done, fmt.Errorf("selftest: %s: %w", s.what, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			done = append(done, s.what)
		}
	}
	fake.mu.Lock()
	for i := len(fake.calls) - 1; i >= 0; i-- {
		if c := fake.calls[i]; c.Processed && c.Method == "chat.postMessage" {
			fake.calls = append(fake.calls, c)
			done = append(done, "one chat.postMessage received twice")
			break
		}
	}
	fake.mu.Unlock()
	return done, nil
}
