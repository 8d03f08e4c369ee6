package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// TestTwoHundredResidentsForFifteenSeats sends 200 sign-ups for one exam
// class at the same moment through the real handler and database: exactly
// 15 are told they have a place, and the other 185 are each told a
// different waiting-list number, 1 to 185.
func TestTwoHundredResidentsForFifteenSeats(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	const n = 200
	tokens := make([]string, n)
	for i := range tokens {
		tokens[i] = idem(t, s.get("/a/eksamenstraening-dansk").body)
	}
	position := regexp.MustCompile(`Du er nummer (\d+) på ventelisten`)
	var (
		mu        sync.Mutex
		places    int
		positions = map[string]bool{}
		wg        sync.WaitGroup
		start     = make(chan struct{})
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"_idem": {tokens[i]}, "name": {fmt.Sprintf("Elev %d", i)},
				"phone": {fmt.Sprintf("+45 %08d", 30000000+i)}, "department": {"fsb-01-22"},
				"school": {"tagensbo"}, "class": {"9.A"}, "guardian_name": {"Forælder"},
				"guardian_phone": {"22334455"}, "guardian_consent": {"yes"}, "consent": {"yes"}}
			<-start
			res := s.post("/a/eksamenstraening-dansk", form)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case res.StatusCode != http.StatusOK:
				t.Errorf("sign-up %d: status %d", i, res.StatusCode)
			case strings.Contains(res.body, "Du har fået en plads"):
				places++
			default:
				m := position.FindStringSubmatch(res.body)
				if m == nil || positions[m[1]] {
					t.Errorf("sign-up %d: no waiting-list number, or one told twice: %v", i, m)
					return
				}
				positions[m[1]] = true
			}
		}()
	}
	close(start)
	wg.Wait()
	if places != 15 || len(positions) != 185 || !positions["1"] || !positions["185"] {
		t.Fatalf("%d places and %d distinct waiting-list numbers; want 15 and 1..185", places, len(positions))
	}
}
