package main

import (
	"database/sql"
	"fmt"
	"strings"
)

// result is one invariant checked at the end.
type result struct {
	Name       string
	Violations int
	Detail     string   // what was counted
	Examples   []string // the first few violations
}

func (r *result) violate(format string, args ...any) {
	r.Violations++
	if len(r.Examples) < 8 {
		r.Examples = append(r.Examples, fmt.Sprintf(format, args...))
	}
}

// storedSignup is a sign-up row as the checks read it.
type storedSignup struct {
	Reference, Token, Status, Slug string
	Seq                            int
	Count                          int // rows with this reference
}

// checkSignups holds the sign-ups in the database against the pages
// residents were shown.
func checkSignups(db *sql.DB, led *ledger) ([]result, error) {
	rows, err := db.Query(`SELECT s.reference, s.idempotency_key, s.status, a.slug, s.seq,
		count(*) OVER (PARTITION BY s.reference) FROM signups s JOIN activities a ON a.id = s.activity_id`)
	if err != nil {
		return nil, err
	}
	byRef := map[string]storedSignup{}
	byToken := map[string][]storedSignup{}
	for rows.Next() {
		var s storedSignup
		if err := rows.Scan(&s.Reference, &s.Token, &s.Status, &s.Slug, &s.Seq, &s.Count); err != nil {
			return nil, err
		}
		byRef[s.Reference] = s
		byToken[s.Token] = append(byToken[s.Token], s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	led.mu.Lock()
	defer led.mu.Unlock()

	delivered := result{Name: "every confirmation delivered is stored, once, under its form"}
	oneRef := result{Name: "one form, one reference (double submits, retries)"}
	already := result{Name: `"already signed up" pages name a stored sign-up`}
	told := result{Name: "a resident told she has a place keeps it (or cancelled it)"}
	cancels := result{Name: "cancellations delivered are cancelled"}
	var pages, refs, answerLost, alreadyPages, places, waits int
	for _, f := range led.forms {
		if len(f.Refs) > 0 {
			refs++
		}
		for _, r := range f.Refs {
			pages++
			s, ok := byRef[r]
			switch {
			case !ok:
				delivered.violate("confirmation %s (%s) was delivered but is not stored", r, f.Slug)
			case s.Count != 1:
				delivered.violate("confirmation %s is stored %d times", r, s.Count)
			case s.Token != f.Token:
				delivered.violate("confirmation %s is stored under another form's token", r)
			}
			if r != f.Refs[0] {
				oneRef.violate("one form (%s) was confirmed as %s and as %s", f.Slug, f.Refs[0], r)
			}
		}
		for _, r := range f.Already {
			alreadyPages++
			if _, ok := byRef[r]; !ok {
				already.violate(`"already signed up" page named %s, which is not stored`, r)
			}
		}
		if s, ok := byRef[f.Refs0()]; ok {
			c := led.cancels[f.CancelToken]
			cancelled := c != nil && (c.Done || c.Uncertain)
			places += f.Place
			waits += f.Waitlist
			switch {
			case s.Status == "cancelled" && !cancelled:
				told.violate("%s (%s) is cancelled, but nobody cancelled it", s.Reference, f.Slug)
			case f.Place > 0 && s.Status == "waitlisted":
				told.violate("%s (%s) was told it has a place, and is on the waiting list", s.Reference, f.Slug)
			case s.Status != "cancelled" && s.Status != "confirmed" && s.Status != "waitlisted":
				told.violate("%s (%s) has status %s", s.Reference, f.Slug, s.Status)
			}
		}
		if len(f.Refs) == 0 && len(byToken[f.Token]) > 0 && f.Uncertain {
			answerLost++
		}
	}
	delivered.Detail = fmt.Sprintf("%d confirmation pages, %d distinct references", pages, refs)
	oneRef.Detail = fmt.Sprintf("%d forms", len(led.forms))
	already.Detail = fmt.Sprintf("%d pages", alreadyPages)
	told.Detail = fmt.Sprintf("%d pages said place, %d waiting list", places, waits)

	var done int
	for token, c := range led.cancels {
		if !c.Done {
			continue
		}
		done++
		if s := byRef[c.Ref]; s.Status != "cancelled" {
			cancels.violate("%s (%s): the cancelled page was delivered (token %.8s…), status is %s", c.Ref, c.Slug, token, s.Status)
		}
	}
	cancels.Detail = fmt.Sprintf("%d cancellations", done)

	// Every stored sign-up is one a resident was shown, or one whose
	// answer she never got (the instance died, the request timed out).
	stored := result{Name: "sign-ups stored = confirmations delivered (+ answers lost in faults)"}
	for token, ss := range byToken {
		f := led.forms[token]
		for _, s := range ss {
			switch {
			case f == nil:
				stored.violate("%s (%s) is stored under a token no form had", s.Reference, s.Slug)
			case len(f.Refs) > 0 && f.Refs[0] != s.Reference:
				stored.violate("form confirmed as %s, but stored as %s", f.Refs[0], s.Reference)
			case len(f.Refs) == 0 && !f.Uncertain:
				stored.violate("%s (%s) is stored, though its form was answered without a confirmation (%d already, %d refused)",
					s.Reference, s.Slug, len(f.Already), f.Rejected)
			}
		}
		if len(ss) > 1 {
			stored.violate("form %.8s… is stored %d times", token, len(ss))
		}
	}
	stored.Detail = fmt.Sprintf("%d stored = %d delivered + %d whose answer was lost", len(byRef), refs, answerLost)
	if len(byRef) != refs+answerLost {
		stored.violate("%d stored, %d delivered, %d answers lost", len(byRef), refs, answerLost)
	}
	return []result{delivered, oneRef, stored, already, told, cancels}, nil
}

// checkActivities checks capacity, the kept counts and the waiting list.
func checkActivities(db *sql.DB) ([]result, string, error) {
	capRes := result{Name: "no activity over capacity"}
	counts := result{Name: "activities' kept counts equal the real counts"}
	wait := result{Name: "waiting list: nobody waits while a place is free; first come, first promoted"}
	rows, err := db.Query(`SELECT a.slug, coalesce(a.capacity, -1), a.confirmed_count, a.waitlisted_count, a.next_seq,
		count(s.id) FILTER (WHERE s.status = 'confirmed'), count(s.id) FILTER (WHERE s.status = 'waitlisted'),
		count(s.id) FILTER (WHERE s.status = 'cancelled'), count(s.id), coalesce(max(s.seq), 0)
		FROM activities a LEFT JOIN signups s ON s.activity_id = a.id
		GROUP BY a.id ORDER BY a.slug`)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var table strings.Builder
	fmt.Fprintf(&table, "  %-24s %8s %9s %10s %9s %7s\n", "activity", "capacity", "confirmed", "waitlisted", "cancelled", "total")
	for rows.Next() {
		var slug string
		var capacity, keptC, keptW, nextSeq, conf, wl, canc, total, maxSeq int
		if err := rows.Scan(&slug, &capacity, &keptC, &keptW, &nextSeq, &conf, &wl, &canc, &total, &maxSeq); err != nil {
			return nil, "", err
		}
		if total == 0 {
			continue
		}
		capText := "-"
		if capacity >= 0 {
			capText = fmt.Sprint(capacity)
		}
		fmt.Fprintf(&table, "  %-24s %8s %9d %10d %9d %7d\n", slug, capText, conf, wl, canc, total)
		if capacity >= 0 && conf > capacity {
			capRes.violate("%s: %d confirmed, capacity %d", slug, conf, capacity)
		}
		if keptC != conf || keptW != wl {
			counts.violate("%s: kept %d confirmed / %d waitlisted, real %d / %d", slug, keptC, keptW, conf, wl)
		}
		if nextSeq != maxSeq || nextSeq != total {
			counts.violate("%s: next_seq %d, highest seq %d, %d sign-ups", slug, nextSeq, maxSeq, total)
		}
		if capacity >= 0 && wl > 0 && conf < capacity {
			wait.violate("%s: %d waiting while only %d of %d places are taken", slug, wl, conf, capacity)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	// Promotions go in arrival order: everyone promoted from the waiting
	// list arrived before everyone still on it; nobody went from a place
	// back to the waiting list.
	var bad []string
	err = queryStrings(db, &bad, `WITH ev AS (
		SELECT s.activity_id, s.seq, s.status,
			bool_or(e.status = 'waitlisted') AND bool_or(e.status = 'confirmed') AS promoted
		FROM signups s JOIN signup_events e ON e.signup_id = s.id GROUP BY s.id),
	per AS (SELECT activity_id, max(seq) FILTER (WHERE promoted) AS last_promoted,
			min(seq) FILTER (WHERE status = 'waitlisted') AS first_waiting
		FROM ev GROUP BY activity_id)
	SELECT a.slug || ': promoted seq ' || last_promoted || ' arrived after seq ' || first_waiting || ', still waiting'
	FROM per JOIN activities a ON a.id = per.activity_id WHERE last_promoted > first_waiting`)
	if err != nil {
		return nil, "", err
	}
	for _, b := range bad {
		wait.violate("%s", b)
	}
	err = queryStrings(db, &bad, `SELECT s.reference || ' went from a place back to the waiting list'
		FROM signups s JOIN signup_events c ON c.signup_id = s.id AND c.status = 'confirmed'
		JOIN signup_events w ON w.signup_id = s.id AND w.status = 'waitlisted' AND w.at > c.at LIMIT 20`)
	if err != nil {
		return nil, "", err
	}
	for _, b := range bad {
		wait.violate("%s", b)
	}
	dupPhone := result{Name: "one active sign-up per phone number and activity"}
	err = queryStrings(db, &bad, `SELECT a.slug || ': ' || count(*) || ' active sign-ups with one phone number'
		FROM signups s JOIN activities a ON a.id = s.activity_id
		WHERE s.status IN ('confirmed', 'waitlisted') AND s.phone_hash IS NOT NULL
		GROUP BY a.slug, s.phone_hash HAVING count(*) > 1 LIMIT 20`)
	if err != nil {
		return nil, "", err
	}
	for _, b := range bad {
		dupPhone.violate("%s", b)
	}
	dupRef := result{Name: "no reference, cancel token or form token stored twice"}
	err = queryStrings(db, &bad, `SELECT 'reference ' || reference FROM signups GROUP BY reference HAVING count(*) > 1
		UNION ALL SELECT 'cancel token' FROM signups GROUP BY cancel_token HAVING count(*) > 1
		UNION ALL SELECT 'form token' FROM signups GROUP BY idempotency_key HAVING count(*) > 1`)
	if err != nil {
		return nil, "", err
	}
	for _, b := range bad {
		dupRef.violate("%s stored twice", b)
	}
	return []result{dupRef, capRes, counts, wait, dupPhone}, table.String(), nil
}

func queryStrings(db *sql.DB, out *[]string, q string) error {
	*out = (*out)[:0]
	rows, err := db.Query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		*out = append(*out, s)
	}
	return rows.Err()
}

// printResults writes the invariants as a table and reports how many
// were violated.
func printResults(w *strings.Builder, results []result) int {
	failed := 0
	fmt.Fprintf(w, "  %-4s %-78s %s\n", "", "invariant", "counted")
	for _, r := range results {
		mark := "ok"
		if r.Violations > 0 {
			mark = "FAIL"
			failed++
		}
		fmt.Fprintf(w, "  %-4s %-78s %s\n", mark, r.Name, r.Detail)
		if r.Violations > 0 {
			fmt.Fprintf(w, "       %d violation(s):\n", r.Violations)
			for _, e := range r.Examples {
				fmt.Fprintf(w, "         - %s\n", e)
			}
		}
	}
	return failed
}
