package staff

import (
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/plans"
)

// testPlan is the embedded Beboerprojekt Nordvest plan the tests run with.
func testPlan(t testing.TB) *domain.Plan {
	t.Helper()
	p, err := plans.Default()
	if err != nil {
		t.Fatal(err)
	}
	return p
}
