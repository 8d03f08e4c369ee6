package locales

import (
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestTranslateChoosesThePluralFromTheCountNotHowItIsShown: the public
// pages show counts in Arabic-Indic digits, which go-i18n cannot read as
// a number; the plural form still follows the count itself.
func TestTranslateChoosesThePluralFromTheCountNotHowItIsShown(t *testing.T) {
	bundle, err := Bundle()
	if err != nil {
		t.Fatal(err)
	}
	ar := i18n.NewLocalizer(bundle, "ar")
	arabic := func(v any) any {
		if n, ok := v.(int); ok && n == 3 {
			return "٣"
		}
		return v
	}
	for _, c := range []struct {
		count int
		show  func(any) any
		want  string
	}{
		{1, nil, "بقي مكان واحد"},
		{2, arabic, "بقي مكانان"},
		{3, nil, "بقيت 3 أماكن"},
		{3, arabic, "بقيت ٣ أماكن"},
	} {
		if got := TranslateShown(ar, c.show, "places.left", "Count", c.count); got != c.want {
			t.Errorf("count %d: %q, want %q", c.count, got, c.want)
		}
	}
	if got := Translate(ar, "no.such.message"); got != "no.such.message" {
		t.Errorf("a missing message shows %q, want its id", got)
	}
}
