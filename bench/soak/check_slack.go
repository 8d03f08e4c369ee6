package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// outboxMethods are the Web API calls the outbox makes; views.open is
// made at once, inside Slack's three seconds, and is not queued.
var outboxMethods = map[string]bool{"chat.postMessage": true, "chat.update": true,
	"chat.postEphemeral": true, "views.publish": true, "users.info": true}

// fingerprint names a Slack call by what it does, so a queued message and
// the call the fake received can be matched: the method, where it goes
// and its text.
func fingerprint(method string, p map[string]any) string {
	switch method {
	case "chat.postMessage":
		return method + "|" + str(p, "channel") + "|" + str(p, "text")
	case "chat.update":
		return method + "|" + str(p, "channel") + "|" + str(p, "ts") + "|" + str(p, "text")
	case "chat.postEphemeral":
		return method + "|" + str(p, "channel") + "|" + str(p, "user") + "|" + str(p, "text")
	case "views.publish":
		t := texts(p["view"], nil)
		sort.Strings(t)
		return method + "|" + str(p, "user_id") + "|" + strings.Join(t, "\x00")
	case "users.info":
		return method + "|" + str(p, "user")
	}
	b, _ := json.Marshal(p)
	return method + "|" + string(b)
}

// texts collects every "text" string in a value.
func texts(v any, out []string) []string {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if s, ok := x.(string); ok && k == "text" {
				out = append(out, s)
				continue
			}
			out = texts(x, out)
		}
	case []any:
		for _, x := range t {
			out = texts(x, out)
		}
	}
	return out
}

type outboxRow struct {
	ID                 int64
	Key, Method, State string
	Payload            map[string]any
	ReferralID         int64
	Attempts           int
	LastError          string
	RefChannel, RefTS  string
	ResultTS           string
	fp                 string
}

func loadOutbox(db *sql.DB) ([]outboxRow, error) {
	rows, err := db.Query(`SELECT o.id, o.dedupe_key, o.method, o.state, o.payload, coalesce(o.referral_id, 0),
		o.attempts, o.last_error, coalesce(r.slack_channel, ''), coalesce(r.slack_ts, ''), coalesce(o.result->>'ts', '')
		FROM outbox o LEFT JOIN referrals r ON r.id = o.referral_id ORDER BY o.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []outboxRow
	for rows.Next() {
		var r outboxRow
		var payload []byte
		if err := rows.Scan(&r.ID, &r.Key, &r.Method, &r.State, &payload, &r.ReferralID, &r.Attempts,
			&r.LastError, &r.RefChannel, &r.RefTS, &r.ResultTS); err != nil {
			return nil, err
		}
		json.Unmarshal(payload, &r.Payload)
		p := map[string]any{}
		for k, v := range r.Payload {
			p[k] = v
		}
		if r.Method == "chat.update" {
			p["channel"], p["ts"] = r.RefChannel, r.RefTS
		}
		if r.Method == "users.info" {
			p["user"] = r.Payload["user"]
		}
		r.fp = fingerprint(r.Method, p)
		out = append(out, r)
	}
	return out, rows.Err()
}

// checkSlack holds the outbox against what the fake Slack received.
func checkSlack(db *sql.DB, fake *fakeSlack, instances []*instance) ([]result, map[string]int, error) {
	rows, err := loadOutbox(db)
	if err != nil {
		return nil, nil, err
	}
	calls, _ := fake.snapshot()
	drained := result{Name: "Slack outbox drained: every message sent, none pending or failed"}
	once := result{Name: "the fake Slack received every sent message exactly once"}
	states := map[string]int{}
	want := map[string][]string{} // fingerprint → dedupe keys of sent rows
	for _, r := range rows {
		states[r.State]++
		switch r.State {
		case "pending":
			drained.violate("pending after the drain: %s (%s), %d attempts, last error %q", r.Key, r.Method, r.Attempts, r.LastError)
		case "failed":
			drained.violate("failed: %s (%s) after %d attempts: %s", r.Key, r.Method, r.Attempts, r.LastError)
		case "sent":
			want[r.fp] = append(want[r.fp], r.Key)
		}
	}
	drained.Detail = fmt.Sprintf("%d sent, %d pending, %d failed", states["sent"], states["pending"], states["failed"])

	got := map[string][]slackCall{}
	byMethod := map[string]int{}
	for _, c := range calls {
		if !c.Processed {
			byMethod["(refused by a fault) "+c.Method]++
			continue
		}
		byMethod[c.Method]++
		if outboxMethods[c.Method] {
			fp := fingerprint(c.Method, c.Params)
			got[fp] = append(got[fp], c)
		}
	}
	kills := map[string][]time.Time{}
	for _, in := range instances {
		kills[in.name] = in.killTimes()
	}
	var lost, dup, dupKill int
	for fp, keys := range want {
		if n := len(got[fp]); n < len(keys) {
			lost += len(keys) - n
			once.violate("LOST: %s marked sent, received %d of %d times", strings.Join(keys, ", "), n, len(keys))
		}
	}
	for fp, cs := range got {
		keys := want[fp]
		if len(cs) <= len(keys) {
			continue
		}
		extra := len(cs) - len(keys)
		dup += extra
		why := "no SIGKILL explains it"
		if killedAfter(cs, kills) {
			why = "an instance was SIGKILLed right after Slack answered it (at-least-once window)"
			dupKill += extra
		}
		what := strings.Join(keys, ", ")
		if what == "" {
			what = "no sent outbox row: " + shorten(fp)
		}
		once.violate("DUPLICATE: %s received %d times (%s); %s", what, len(cs), instancesOf(cs), why)
	}
	once.Detail = fmt.Sprintf("%d messages sent, %d lost, %d extra deliveries (%d right after a SIGKILL)",
		states["sent"], lost, dup, dupKill)
	return []result{drained, once}, byMethod, nil
}

// killedAfter reports whether an instance that made one of the calls
// was SIGKILLed within three seconds after it: Slack had done the work,
// and the process died before it could record that.
func killedAfter(cs []slackCall, kills map[string][]time.Time) bool {
	for _, c := range cs[:len(cs)-1] {
		for _, k := range kills[c.Instance] {
			if d := k.Sub(c.At); d >= 0 && d < 3*time.Second {
				return true
			}
		}
	}
	return false
}

func instancesOf(cs []slackCall) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Instance+"@"+c.At.Format("15:04:05.000"))
	}
	return strings.Join(out, " ")
}

func shorten(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// checkReferrals holds the referrals against what partners were told,
// and the staff channel's cards against the referrals.
func checkReferrals(db *sql.DB, led *ledger, fake *fakeSlack) ([]result, error) {
	type ref struct {
		ID, Number  int64
		Key, Status string
		Slug        sql.NullString
		SignupSlug  sql.NullString
		Channel, TS string
		SignupID    sql.NullInt64
	}
	rows, err := db.Query(`SELECT r.id, r.number, r.dedupe_key, r.status, a.slug, sa.slug, r.slack_channel, r.slack_ts, r.signup_id
		FROM referrals r LEFT JOIN activities a ON a.id = r.activity_id
		LEFT JOIN signups s ON s.id = r.signup_id LEFT JOIN activities sa ON sa.id = s.activity_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byKey := map[string]ref{}
	var all []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.ID, &r.Number, &r.Key, &r.Status, &r.Slug, &r.SignupSlug, &r.Channel, &r.TS, &r.SignupID); err != nil {
			return nil, err
		}
		byKey[r.Key] = r
		all = append(all, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	told := result{Name: "every referral number a partner was shown is stored once, for her modal"}
	stored := result{Name: "every stored referral was shown to its partner (+ answers lost in faults)"}
	enrolled := result{Name: "enrolled referrals link a sign-up for their activity"}
	cards := result{Name: "each referral has one card in the staff channel, showing its latest state"}
	led.mu.Lock()
	var shown, lostAnswers int
	for viewID, rec := range led.referrals {
		r, ok := byKey["view:"+viewID]
		switch {
		case rec.Refused != "":
			told.violate("submission refused: %s", shorten(rec.Refused))
		case rec.Code == "" && ok && rec.Uncertain:
			lostAnswers++
		case rec.Code == "" && ok:
			stored.violate("H-%d is stored, but its partner was never told (view %s)", r.Number, viewID)
		case rec.Code == "":
		case !ok:
			told.violate("%s was shown to the partner but is not stored", rec.Code)
		case rec.Code != "H-"+strconv.FormatInt(r.Number, 10):
			told.violate("the partner was shown %s, the referral is H-%d", rec.Code, r.Number)
		default:
			shown++
		}
		for _, c := range rec.Repeats {
			if c != rec.Code {
				told.violate("a repeated submission was answered %s, the first %s", c, rec.Code)
			}
		}
	}
	for _, r := range all {
		id, _ := strings.CutPrefix(r.Key, "view:")
		if led.referrals[id] == nil {
			stored.violate("H-%d (%s) was made by no partner of this run", r.Number, r.Key)
		}
	}
	led.mu.Unlock()
	told.Detail = fmt.Sprintf("%d shown", shown)
	stored.Detail = fmt.Sprintf("%d stored, %d answers lost", len(all), lostAnswers)

	var nEnrolled int
	for _, r := range all {
		if r.Status != "enrolled" || !r.Slug.Valid {
			continue
		}
		nEnrolled++
		if !r.SignupID.Valid || r.SignupSlug.String != r.Slug.String {
			enrolled.violate("H-%d is enrolled in %s, linked sign-up in %q", r.Number, r.Slug.String, r.SignupSlug.String)
		}
	}
	enrolled.Detail = fmt.Sprintf("%d enrolled in activities", nEnrolled)

	// The card's last version is the last one queued for it.
	latest := map[int64]string{}
	outbox, err := loadOutbox(db)
	if err != nil {
		return nil, err
	}
	for _, o := range outbox {
		if o.ReferralID != 0 && o.State == "sent" {
			latest[o.ReferralID] = str(o.Payload, "text")
		}
	}
	_, fakeCards := fake.snapshot()
	cardsByReferral := map[int64]int{}
	for _, k := range fakeCards {
		cardsByReferral[k.ReferralID]++
	}
	for _, r := range all {
		k, ok := fakeCards[r.TS]
		switch {
		case r.TS == "":
			cards.violate("H-%d has no card in the staff channel", r.Number)
		case !ok || k.ReferralID != r.ID:
			cards.violate("H-%d's card %s is not its card in the fake Slack", r.Number, r.TS)
		case k.Text != latest[r.ID]:
			cards.violate("H-%d's card shows %q, its last queued version %q", r.Number, k.Text, latest[r.ID])
		}
		if n := cardsByReferral[r.ID]; n > 1 {
			cards.violate("H-%d has %d cards in the staff channel", r.Number, n)
		}
	}
	cards.Detail = fmt.Sprintf("%d cards", len(fakeCards))
	return []result{told, stored, enrolled, cards}, nil
}

// checkPrivacy looks for what residents and partners typed in every call
// the fake Slack received.
func checkPrivacy(fake *fakeSlack) result {
	res := result{Name: "no resident's name or phone number reached Slack"}
	calls, _ := fake.snapshot()
	for _, c := range calls {
		b, _ := json.Marshal(c.Params)
		s := string(b)
		for _, bit := range []string{referralFirstName, "Soak Beboer", "+455919", "+45 5919"} {
			if strings.Contains(s, bit) {
				res.violate("%s call carried %q", c.Method, bit)
			}
		}
	}
	res.Detail = fmt.Sprintf("%d calls searched", len(calls))
	return res
}
