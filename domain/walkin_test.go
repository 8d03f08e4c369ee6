package domain_test

import (
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

func TestValidateWalkIn(t *testing.T) {
	now := time.Date(2027, 1, 12, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		in   map[string][]string
		errs []string // fields with an error
	}{
		{"name, phone and consent", map[string][]string{"name": {"Testperson Ny"}, "phone": {"22 33 44 09"}, "consent": {"1"}}, nil},
		{"no consent read aloud", map[string][]string{"name": {"Testperson Ny"}, "phone": {"22 33 44 09"}}, []string{"consent"}},
		{"nothing typed", map[string][]string{"consent": {"1"}}, []string{"name", "phone"}},
		{"not a phone number", map[string][]string{"name": {"Testperson Ny"}, "phone": {"12"}, "consent": {"1"}}, []string{"phone"}},
		{"other questions left empty", map[string][]string{"name": {"Testperson Ny"}, "phone": {"22 33 44 09"}, "consent": {"1"}, "department": {""}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ans, errs := domain.ValidateWalkIn(tc.in, now)
			var got []string
			for _, e := range errs {
				got = append(got, e.Field)
			}
			if len(got) != len(tc.errs) {
				t.Fatalf("errors on %v, want %v", got, tc.errs)
			}
			for i := range got {
				if got[i] != tc.errs[i] {
					t.Fatalf("errors on %v, want %v", got, tc.errs)
				}
			}
			if tc.errs == nil && (ans.String(domain.KeyName) != "Testperson Ny" || ans.String(domain.KeyPhone) == "") {
				t.Fatalf("answers %v", ans)
			}
		})
	}
}
