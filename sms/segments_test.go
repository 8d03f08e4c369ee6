package sms_test

import (
	"strings"
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/sms"
)

func TestSegmentsCountGSMAndUCS2Parts(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		enc   sms.Encoding
		units int
		parts int
	}{
		{"empty", "", sms.GSM, 0, 0},
		{"Danish letters stay GSM", "Tilmeldt: Æblegården, Øster Allé, Århus", sms.GSM, 39, 1},
		{"160 GSM characters are one part", strings.Repeat("a", 160), sms.GSM, 160, 1},
		{"161 are two parts of 153", strings.Repeat("a", 161), sms.GSM, 161, 2},
		{"306 fit two parts", strings.Repeat("a", 306), sms.GSM, 306, 2},
		{"307 need three", strings.Repeat("a", 307), sms.GSM, 307, 3},
		{"the euro sign takes two septets", "€", sms.GSM, 2, 1},
		{"80 euro signs are 160 septets", strings.Repeat("€", 80), sms.GSM, 160, 1},
		{"an escaped character is not split between parts", strings.Repeat("a", 152) + "€" + strings.Repeat("a", 10), sms.GSM, 164, 2},
		{"escape pushed whole into the next part", strings.Repeat("a", 152) + "€" + strings.Repeat("a", 152), sms.GSM, 306, 3},
		{"Turkish ş forces UCS-2", "Kayıt: Perşembe", sms.UCS2, 15, 1},
		{"Turkish ğ forces UCS-2", "ğ", sms.UCS2, 1, 1},
		{"Arabic is UCS-2", "تم التسجيل", sms.UCS2, 10, 1},
		{"70 UCS-2 characters are one part", strings.Repeat("ب", 70), sms.UCS2, 70, 1},
		{"71 are two parts of 67", strings.Repeat("ب", 71), sms.UCS2, 71, 2},
		{"134 fit two", strings.Repeat("ب", 134), sms.UCS2, 134, 2},
		{"135 need three", strings.Repeat("ب", 135), sms.UCS2, 135, 3},
		{"Urdu letters are UCS-2", "آپ کا اندراج", sms.UCS2, 12, 1},
		{"Persian is UCS-2", "ثبت‌نام شما", sms.UCS2, 11, 1},
		{"an emoji is two UTF-16 units", "ok 👍", sms.UCS2, 5, 1},
		{"a surrogate pair is not split", strings.Repeat("b", 66) + "👍" + "b", sms.UCS2, 69, 1},
		{"a surrogate pair at a part edge moves whole", strings.Repeat("ب", 66) + "👍" + strings.Repeat("ب", 10), sms.UCS2, 78, 2},
		{"Somali in Latin letters is GSM", "Waad is diiwaangelisay", sms.GSM, 22, 1},
		{"a lower-case ç is not in GSM", "ç", sms.UCS2, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sms.Count(tt.text)
			if got.Encoding != tt.enc || got.Units != tt.units || got.Parts != tt.parts {
				t.Errorf("Count(%q) = %+v, want %s, %d units, %d parts", tt.text, got, tt.enc, tt.units, tt.parts)
			}
		})
	}
}
