package staff_test

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// Not parallel: the heap it measures is then the login burst's alone.
func TestFiveHundredLoginsAtOnceStayUnder150MB(t *testing.T) {
	if testing.Short() {
		t.Skip("a burst of 500 logins takes several seconds")
	}
	s := newStaffSite(t)
	s.account("h@example.dk", domain.RoleStaff)
	runtime.GC()

	stop := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var m runtime.MemStats
		var top uint64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			top = max(top, m.HeapInuse)
			select {
			case <-stop:
				peak <- top
				return
			case <-tick.C:
			}
		}
	}()

	// Unknown addresses from 500 network addresses: each one is hashed
	// (against a stand-in), none is locked out.
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	var busy response
	for i := range 500 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := s.browser(fmt.Sprintf("10.8.%d.%d", i/250, i%250+1))
			res := b.login(fmt.Sprintf("ukendt%d@example.dk", i), "et gæt på en adgangskode")
			mu.Lock()
			defer mu.Unlock()
			codes[res.StatusCode]++
			if res.StatusCode == http.StatusServiceUnavailable {
				busy = res
			}
		}()
	}
	wg.Wait()
	close(stop)
	top := <-peak
	t.Logf("answers %v; peak heap in use %d MB", codes, top>>20)
	if top > 150<<20 {
		t.Errorf("500 logins at once took the heap to %d MB, want under 150 MB", top>>20)
	}
	if codes[http.StatusUnauthorized] == 0 || codes[http.StatusUnauthorized]+codes[http.StatusServiceUnavailable] != 500 {
		t.Errorf("answers %v: want 401 for those checked, 503 for the rest", codes)
	}
	if codes[http.StatusServiceUnavailable] > 0 {
		if busy.Header.Get("Retry-After") == "" || !strings.Contains(busy.body, "Vent et par sekunder") {
			t.Errorf("the busy answer lacks Retry-After or the Danish text:\n%s", busy.body)
		}
	}
	// Those told to wait were not counted as failures.
	var counted int
	if err := s.st.DB().Get(&counted, `SELECT count(*) FROM login_failures`); err != nil || counted != codes[http.StatusUnauthorized] {
		t.Errorf("%d failures counted (%v), want the %d checked", counted, err, codes[http.StatusUnauthorized])
	}
	// The service still lets a colleague in after the burst.
	if res := s.browser("10.8.9.9").login("h@example.dk", staffPassword); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a login after the burst: %d", res.StatusCode)
	}
}
