package staff

import "testing"

// TestCSVPhoneNumbersStayTextWithoutAnApostrophe: a phone number goes out
// with spaces, which spreadsheets keep as text, and no apostrophe; any
// other cell starting like a formula still gets one.
func TestCSVPhoneNumbersStayTextWithoutAnApostrophe(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{csvPhone("+4540123400"), "+45 40 12 34 00"},
		{csvPhone("+46701234567"), "+46 701 234 567"},
		{csvPhone(""), ""},
		{"+45 40 12 34 00+A1", "'+45 40 12 34 00+A1"},
		{"+4540123400", "'+4540123400"},
		{`=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"Testperson", "Testperson"},
	} {
		if got := csvSafe(tc.in); got != tc.want {
			t.Errorf("csvSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
