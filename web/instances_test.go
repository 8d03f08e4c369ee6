package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
)

// TestCapacityStaysExactAcrossTwoInstances runs two instances of the
// service, each with its own connection pool (and form cache), against
// one database, and sends 120 sign-ups for 15 seats to them alternately:
// exactly 15 places, whichever instance each resident reached.
func TestCapacityStaysExactAcrossTwoInstances(t *testing.T) {
	t.Parallel()
	dbURL := storetest.NewDatabase(t)
	var handlers []http.Handler
	for range 2 {
		handlers = append(handlers, siteOn(t, dbURL, web.Config{BaseURL: baseURL, ActivityCache: web.DefaultActivityCache}).h)
	}
	const n = 120
	var wg sync.WaitGroup
	var mu sync.Mutex
	places, waiting := 0, 0
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := handlers[i%2]
			get := httptest.NewRecorder()
			h.ServeHTTP(get, httptest.NewRequest(http.MethodGet, "/a/eksamenstraening-matematik", nil))
			form := url.Values{"_idem": {idem(t, get.Body.String())}, "name": {fmt.Sprintf("Elev %d", i)},
				"phone": {fmt.Sprintf("+45 %08d", 40000000+i)}, "department": {"fsb-01-22"},
				"school": {"tagensbo"}, "class": {"9.B"}, "guardian_name": {"Forælder"},
				"guardian_phone": {"22334455"}, "guardian_consent": {"yes"}, "consent": {"yes"}}
			req := httptest.NewRequest(http.MethodPost, "/a/eksamenstraening-matematik", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			mu.Lock()
			defer mu.Unlock()
			switch body := rec.Body.String(); {
			case rec.Code != http.StatusOK:
				t.Errorf("sign-up %d on instance %d: %d", i, i%2, rec.Code)
			case strings.Contains(body, "Du har fået en plads"):
				places++
			case strings.Contains(body, "på ventelisten"):
				waiting++
			default:
				t.Errorf("sign-up %d: neither a place nor the waiting list:\n%s", i, body)
			}
		}()
	}
	wg.Wait()
	if places != 15 || waiting != n-15 {
		t.Fatalf("%d places and %d waiting across two instances; want 15 and %d", places, waiting, n-15)
	}
}
