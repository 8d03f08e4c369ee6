package storetest

import (
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/plans"
)

// Plan is the embedded Beboerprojekt Nordvest plan, which tests count
// departments, organisations and weeks by.
func Plan(t testing.TB) *domain.Plan {
	t.Helper()
	p, err := plans.Default()
	if err != nil {
		t.Fatal(err)
	}
	return p
}
