package main

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// report runs the checks and prints the summary; it returns how many
// invariants were violated.
func report(out io.Writer, o options, db *sql.DB, led *ledger, fake *fakeSlack, flt *faults,
	instances []*instance, loadTook, drainTook time.Duration) (int, error) {
	var results []result
	signups, err := checkSignups(db, led)
	if err != nil {
		return 0, fmt.Errorf("check sign-ups: %w", err)
	}
	acts, table, err := checkActivities(db)
	if err != nil {
		return 0, fmt.Errorf("check activities: %w", err)
	}
	slack, byMethod, err := checkSlack(db, fake, instances)
	if err != nil {
		return 0, fmt.Errorf("check Slack: %w", err)
	}
	refs, err := checkReferrals(db, led, fake)
	if err != nil {
		return 0, fmt.Errorf("check referrals: %w", err)
	}
	results = append(results, signups...)
	results = append(results, acts...)
	results = append(results, requestResults(led)...)
	results = append(results, refs...)
	results = append(results, slack...)
	results = append(results, checkPrivacy(fake), faultResult(flt, fake))

	var b strings.Builder
	fmt.Fprintf(&b, "\n== soak: %s of load (ran %s), outbox drained in %s, seed %d\n",
		o.Duration, loadTook.Round(time.Second), drainTook.Round(time.Second), o.Seed)
	fmt.Fprintf(&b, "   %d residents, %d partners, %d staff; logs in %s\n", o.Residents, o.Partners, o.Staff, o.Work)
	if o.PGCtl == "" {
		fmt.Fprintf(&b, "   database restarts: skipped (shared server; set SOAK_OWN_POSTGRES=1 for a private one)\n")
	}
	b.WriteString("\n-- requests (kind, outcome, count)\n")
	for _, r := range led.countTable() {
		fmt.Fprintf(&b, "  %-40s %-26s %8s\n", r[0], r[1], r[2])
	}
	b.WriteString("\n-- faults (kind, times, total time)\n")
	fs := flt.summary()
	var kinds []string
	for k := range fs {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(&b, "  %-40s %5s %10s\n", k, fs[k][0], fs[k][1])
	}
	for _, in := range instances {
		fmt.Fprintf(&b, "  instance %s: started %d times, SIGKILLed %d times\n", in.name, in.starts, len(in.killTimes()))
	}
	b.WriteString("\n-- Slack Web API calls the fake received\n")
	var methods []string
	for m := range byMethod {
		methods = append(methods, m)
	}
	sort.Strings(methods)
	for _, m := range methods {
		fmt.Fprintf(&b, "  %-40s %8d\n", m, byMethod[m])
	}
	b.WriteString("\n-- sign-ups by activity\n" + table)
	b.WriteString("\n-- invariants\n")
	failed := printResults(&b, results)
	if len(led.examples) > 0 {
		b.WriteString("\n-- first unexpected answer of each kind\n")
		var keys []string
		for k := range led.examples {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "  %s:\n    %s\n", k, strings.ReplaceAll(pageText(led.examples[k]), "\n", "\n    "))
		}
	}
	b.WriteString("\n-- errors the instances logged (level ERROR, by message)\n")
	for _, in := range instances {
		for msg, n := range logErrors(in.log.Name()) {
			fmt.Fprintf(&b, "  %s: %5d  %s\n", in.name, n, msg)
		}
	}
	if failed == 0 {
		fmt.Fprintf(&b, "\nsoak: PASS, %d invariants held\n", len(results))
	} else {
		fmt.Fprintf(&b, "\nsoak: FAIL, %d of %d invariants violated\n", failed, len(results))
	}
	io.WriteString(out, b.String())
	return failed, nil
}

// requestResults: residents never see a server error, and valid forms
// are accepted.
func requestResults(led *ledger) []result {
	errs := result{Name: "no resident or partner site answered 500 (503 is the answer to a fault)"}
	valid := result{Name: "valid forms are accepted (no 422 for a filled-in form)"}
	led.mu.Lock()
	defer led.mu.Unlock()
	var total, toSlack int
	for k, n := range led.counts {
		kind, outcome, _ := strings.Cut(k, "\t")
		total += n
		switch {
		case outcome == "500" && strings.HasPrefix(kind, "slack "):
			// Slack retries a request answered with any error; only
			// Slack sees these, and they are counted in the table.
			toSlack += n
		case outcome == "500":
			errs.violate("%d × %s answered 500", n, kind)
		}
	}
	var rejected int
	for _, f := range led.forms {
		rejected += f.Rejected
	}
	if rejected > 0 {
		valid.violate("%d sign-ups refused as invalid (see the first example below)", rejected)
	}
	errs.Detail = fmt.Sprintf("%d requests; %d 500s to Slack, which retries", total, toSlack)
	valid.Detail = fmt.Sprintf("%d forms", len(led.forms))
	return []result{errs, valid}
}

// faultResult: the fault machinery itself worked, and the fake Slack
// was only called as the app should call it.
func faultResult(flt *faults, fake *fakeSlack) result {
	res := result{Name: "every fault recovered (instances restarted, database back); Slack called correctly"}
	flt.mu.Lock()
	for _, e := range flt.errs {
		res.violate("%s", e)
	}
	res.Detail = fmt.Sprintf("%d faults", len(flt.events))
	flt.mu.Unlock()
	fake.mu.Lock()
	if fake.badAuth > 0 {
		res.violate("%d Slack calls with a wrong token", fake.badAuth)
	}
	for m, n := range fake.unknown {
		res.violate("%d calls of %s, which the fake does not know", n, m)
	}
	fake.mu.Unlock()
	return res
}

// logErrors counts a JSON log's ERROR lines by message.
func logErrors(path string) map[string]int {
	out := map[string]int{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var line struct {
			Level string `json:"level"`
			Msg   string `json:"msg"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			if strings.Contains(sc.Text(), "panic") {
				out["(not JSON) "+shorten(sc.Text())]++
			}
			continue
		}
		if line.Level == "ERROR" {
			out[line.Msg]++
		}
	}
	return out
}

// pageText strips an HTML page to its main text for the report.
func pageText(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return shorten(strings.Join(strings.Fields(b.String()), " "))
}
