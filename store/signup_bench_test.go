package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// BenchmarkSignupRush stores sign-ups for one activity from 200 residents
// at once, as bench/run.sh does through HTTP, but without the web layer:
// the store's own throughput under its row lock.
//
//	go test ./store -run '^$' -bench SignupRush -benchtime 20000x
func BenchmarkSignupRush(b *testing.B) {
	st := storetest.New(b)
	a := newActivity(b, st, "jobaften", ip(500))
	ctx := context.Background()
	var next atomic.Int64
	b.ResetTimer()
	var wg sync.WaitGroup
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1))
				if i > b.N {
					return
				}
				if _, err := st.CreateSignup(ctx, signup(a, i)); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
