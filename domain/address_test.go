package domain

import (
	"testing"
	"time"
)

// TestSignupFindsTheDepartmentFromStreetAndNumber: a resident who picks
// her street and types her house number needs not know the name of her
// housing department.
func TestSignupFindsTheDepartmentFromStreetAndNumber(t *testing.T) {
	p := testPlan()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	a := Activity{Form: Form{Fields: []Field{{Key: "afd", Use: KeyDepartment, Type: FieldChoice, Required: true}}}}
	tests := []struct {
		name     string
		in       map[string][]string
		want     string // the department answer; "" when refused
		wantCode string
	}{
		{"odd side", map[string][]string{"afd-street": {"Stærevej"}, "afd-number": {"7"}}, "aab-49", ""},
		{"even side, letter and Arabic digits", map[string][]string{"afd-street": {"Stærevej"}, "afd-number": {"١٢ B"}}, "3b-6067", ""},
		{"address beats a department picked by mistake", map[string][]string{"afd-street": {"Stærevej"}, "afd-number": {"7"}, "afd": {"fsb-01-33"}}, "aab-49", ""},
		{"unknown number, no department", map[string][]string{"afd-street": {"Stærevej"}, "afd-number": {"501"}}, "", ErrCodeAddressUnknown},
		{"unknown number, department picked", map[string][]string{"afd-street": {"Stærevej"}, "afd-number": {"501"}, "afd": {"fsb-01-33"}}, "fsb-01-33", ""},
		{"street without number", map[string][]string{"afd-street": {"Stærevej"}}, "", ErrCodeHouseNumber},
		{"no street: the department list", map[string][]string{"afd": {"akb-1028-8"}}, "akb-1028-8", ""},
		{"neither", map[string][]string{}, "", ErrCodeRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans, errs := a.ValidateSignup(p, tt.in, now)
			if tt.wantCode != "" {
				if len(errs) != 1 || errs[0].Code != tt.wantCode || errs[0].Field != "afd" {
					t.Fatalf("errors = %+v, want one %s on afd", errs, tt.wantCode)
				}
				return
			}
			if len(errs) > 0 || ans.String("afd") != tt.want {
				t.Fatalf("department = %q, errors %+v; want %q", ans.String("afd"), errs, tt.want)
			}
		})
	}
}
