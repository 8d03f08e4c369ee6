package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// ledger is what the load generator was told: every confirmation page
// delivered, every cancellation, every referral number. The checks hold
// the database and the fake Slack against it.
type ledger struct {
	mu        sync.Mutex
	forms     map[string]*formRecord     // by the form's idempotency token
	cancels   map[string]*cancelRecord   // by cancel token
	referrals map[string]*referralRecord // by Slack view id
	counts    map[string]int             // "kind outcome" → requests
	examples  map[string]string          // first body of an unexpected answer, by kind
}

// formRecord is one sign-up form: fetched once, posted one or more times
// (double taps, retries after an error).
type formRecord struct {
	Token       string
	Slug        string
	Phone       string
	Posts       int
	Refs        []string // references on confirmation pages delivered
	Already     []string // references on "already signed up" pages
	Place       int      // confirmation pages that said "you have a place"
	Waitlist    int      // … "you are on the waiting list"
	CancelToken string
	Rejected    int  // 422: the form was refused as invalid
	Uncertain   bool // gave up without a definite answer after posting
}

// Refs0 is the first reference delivered for the form, or "".
func (f *formRecord) Refs0() string {
	if len(f.Refs) == 0 {
		return ""
	}
	return f.Refs[0]
}

// cancelRecord is a cancellation through the private link.
type cancelRecord struct {
	Ref       string
	Slug      string
	Done      bool // the "cancelled" page was delivered
	Uncertain bool // gave up without an answer after posting
}

// referralRecord is a referral made from the fake Slack.
type referralRecord struct {
	ViewID    string
	User      string
	Target    string
	Code      string   // H-…, from the confirmation modal
	Repeats   []string // codes answered to repeated submissions
	Uncertain bool     // gave up without an answer after submitting
	Refused   string   // errors answered instead of a confirmation
}

func newLedger() *ledger {
	return &ledger{forms: map[string]*formRecord{}, cancels: map[string]*cancelRecord{},
		referrals: map[string]*referralRecord{}, counts: map[string]int{}, examples: map[string]string{}}
}

// count tallies one request's outcome, e.g. ("signup POST", "200").
func (l *ledger) count(kind, outcome string) {
	l.mu.Lock()
	l.counts[kind+"\t"+outcome]++
	l.mu.Unlock()
}

// example keeps the first unexpected answer of a kind, for the report.
func (l *ledger) example(kind, text string) {
	l.mu.Lock()
	if _, ok := l.examples[kind]; !ok {
		if len(text) > 600 {
			text = text[:600] + "…"
		}
		l.examples[kind] = text
	}
	l.mu.Unlock()
}

func (l *ledger) form(token, slug, phone string) *formRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := &formRecord{Token: token, Slug: slug, Phone: phone}
	l.forms[token] = f
	return f
}

// update changes a record under the ledger's lock.
func (l *ledger) update(fn func()) {
	l.mu.Lock()
	fn()
	l.mu.Unlock()
}

// cancellable picks a delivered confirmation not cancelled yet.
func (l *ledger) cancellable(pick func(n int) int, slug string) (formRecord, *cancelRecord, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var cands []*formRecord
	for _, f := range l.forms {
		if f.CancelToken != "" && l.cancels[f.CancelToken] == nil && (slug == "" || f.Slug == slug) {
			cands = append(cands, f)
		}
		if len(cands) > 500 {
			break
		}
	}
	if len(cands) == 0 {
		return formRecord{}, nil, false
	}
	f := cands[pick(len(cands))]
	c := &cancelRecord{Ref: f.Refs[0], Slug: f.Slug}
	l.cancels[f.CancelToken] = c
	return *f, c, true
}

// deliveredRef picks a reference delivered for an activity, for staff
// enrolling a referral.
func (l *ledger) deliveredRef(slug string, pick func(n int) int) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var refs []string
	for _, f := range l.forms {
		if f.Slug == slug && len(f.Refs) > 0 {
			refs = append(refs, f.Refs[0])
		}
		if len(refs) > 200 {
			break
		}
	}
	if len(refs) == 0 {
		return "", false
	}
	return refs[pick(len(refs))], true
}

// countTable is the requests by kind and outcome, sorted.
func (l *ledger) countTable() [][3]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var rows [][3]string
	for k, n := range l.counts {
		kind, outcome, _ := strings.Cut(k, "\t")
		rows = append(rows, [3]string{kind, outcome, fmt.Sprint(n)})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i][0] != rows[j][0] {
			return rows[i][0] < rows[j][0]
		}
		return rows[i][1] < rows[j][1]
	})
	return rows
}
