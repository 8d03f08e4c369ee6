package sms_test

import (
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/sms"
)

func TestOnlyMobileNumbersGetSMS(t *testing.T) {
	tests := []struct {
		number string
		mobile bool
	}{
		{"+4520123456", true},    // Danish numbers share one range for mobile and fixed
		{"+4540123456", true},    //
		{"+4580123456", false},   // Danish toll-free
		{"+4590123456", false},   // Danish premium rate
		{"+46701234567", true},   // Swedish mobile
		{"+46812345678", false},  // Stockholm landline
		{"+447400123456", true},  // UK mobile
		{"+442071234567", false}, // London landline
		{"+45123", false},
		{"", false},
		{"not a number", false},
	}
	for _, tt := range tests {
		if got := sms.Mobile(tt.number); got != tt.mobile {
			t.Errorf("Mobile(%q) = %v, want %v", tt.number, got, tt.mobile)
		}
	}
}
