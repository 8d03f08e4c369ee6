package locales

import (
	"regexp"
	"slices"
	"sort"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

func loadFile(t *testing.T, name string) map[string]*i18n.Message {
	t.Helper()
	b := i18n.NewBundle(language.Danish)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	data, err := files.ReadFile(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	mf, err := b.ParseMessageFileBytes(data, name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string]*i18n.Message{}
	for _, m := range mf.Messages {
		out[m.ID] = m
	}
	return out
}

// neededForms are the CLDR plural categories a language uses for whole
// numbers, found by asking CLDR's rules about 0 to 1000.
func neededForms(t *testing.T, tag string) []string {
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two",
		plural.Few: "few", plural.Many: "many", plural.Other: "other"}
	seen := map[string]bool{}
	lt := language.MustParse(tag)
	for n := 0; n <= 1000; n++ {
		digits := []byte{}
		for _, c := range []byte(itoa(n)) {
			digits = append(digits, c-'0')
		}
		seen[names[plural.Cardinal.MatchDigits(lt, digits, len(digits), 0)]] = true
	}
	var out []string
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func forms(m *i18n.Message) map[string]string {
	return map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other}
}

func isPlural(m *i18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

// TestEveryLanguageHasEveryMessage fails on a key missing in any language,
// on a key that only a translation has, and on a plural message lacking a
// form its language's CLDR rules need.
func TestEveryLanguageHasEveryMessage(t *testing.T) {
	for _, g := range Groups {
		for _, l := range Languages {
			if g.Covers(l.Tag) {
				checkFile(t, g.Name, l.Tag)
			}
		}
	}
}

func checkFile(t *testing.T, group, tag string) {
	file := group + "." + tag + ".toml"
	base := loadFile(t, group+"."+Default+".toml")
	msgs := loadFile(t, file)
	need := neededForms(t, tag)
	for id, bm := range base {
		m, ok := msgs[id]
		if !ok || m.Other == "" {
			t.Errorf("%s: message %q is missing", file, id)
			continue
		}
		if !isPlural(bm) {
			continue
		}
		f := forms(m)
		for _, form := range need {
			if f[form] == "" {
				t.Errorf("%s: plural message %q lacks the %q form", file, id, form)
			}
		}
	}
	for id := range msgs {
		if _, ok := base[id]; !ok {
			t.Errorf("%s: message %q is not in the Danish file", file, id)
		}
	}
}

func TestPluralRulesAreTheCLDROnes(t *testing.T) {
	// Guard the test above: if CLDR data went missing it would pass vacuously.
	if got := neededForms(t, "ar"); len(got) != 6 {
		t.Fatalf("Arabic plural forms = %v, want all six", got)
	}
	if got := neededForms(t, "da"); len(got) != 2 {
		t.Fatalf("Danish plural forms = %v, want one and other", got)
	}
	// Persian counts 0 as "one" (i = 0 or n = 1): its "one" form must not
	// say a literal 1.
	if got := neededForms(t, "fa"); !slices.Equal(got, []string{"one", "other"}) {
		t.Fatalf("Farsi plural forms = %v, want one and other", got)
	}
}

// placeholder finds template fields such as {{.Count}} in a message.
var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestTranslationsKeepEveryPlaceholder fails when a translation drops or
// misspells a value the Danish message shows, such as the activity's title
// or the number of places: the page would then say less than in Danish.
// Plural forms for one may leave out {{.Count}} (Danish "1 plads tilbage").
func TestTranslationsKeepEveryPlaceholder(t *testing.T) {
	for _, g := range Groups {
		base := loadFile(t, g.Name+"."+Default+".toml")
		for _, l := range Languages {
			if !g.Covers(l.Tag) || l.Tag == Default {
				continue
			}
			file := g.Name + "." + l.Tag + ".toml"
			for id, m := range loadFile(t, file) {
				bm, ok := base[id]
				if !ok {
					continue // reported by TestEveryLanguageHasEveryMessage
				}
				want := placeholders(bm.Other)
				for form, text := range forms(m) {
					if text == "" {
						continue
					}
					got := placeholders(text)
					if form != "other" {
						got = append(got, "Count")
						slices.Sort(got)
						got = slices.Compact(got)
						want := append(slices.Clone(want), "Count")
						slices.Sort(want)
						if !slices.Equal(slices.Compact(want), got) {
							t.Errorf("%s: %q (%s) has placeholders %v, Danish has %v", file, id, form, placeholders(text), placeholders(bm.Other))
						}
						continue
					}
					if !slices.Equal(got, want) {
						t.Errorf("%s: %q has placeholders %v, Danish has %v", file, id, got, want)
					}
				}
			}
		}
	}
}

// TestRightToLeftFollowsTheScript keeps the RTL flag honest: a language
// whose usual script CLDR says is Arabic (or another right-to-left script)
// must be marked RTL, and no other.
func TestRightToLeftFollowsTheScript(t *testing.T) {
	rtlScripts := map[string]bool{"Arab": true, "Hebr": true, "Syrc": true, "Thaa": true, "Nkoo": true, "Adlm": true, "Rohg": true}
	for _, l := range Languages {
		script, _ := language.MustParse(l.Tag).Script()
		if want := rtlScripts[script.String()]; l.RTL != want {
			t.Errorf("%s is written in %s: RTL = %v, want %v", l.Tag, script, l.RTL, want)
		}
		if got := l.Dir(); got != map[bool]string{true: "rtl", false: "ltr"}[l.RTL] {
			t.Errorf("%s: Dir() = %q", l.Tag, got)
		}
	}
}

func TestBundleLoadsAndFallsBackToDanish(t *testing.T) {
	b, err := Bundle()
	if err != nil {
		t.Fatal(err)
	}
	loc := i18n.NewLocalizer(b, "ar", Default)
	got, err := loc.Localize(&i18n.LocalizeConfig{MessageID: "places.left", PluralCount: 2})
	if err != nil || got != "بقي مكانان" {
		t.Fatalf("Arabic dual = %q, %v", got, err)
	}
	for _, l := range Languages {
		if _, ok := Lookup(l.Tag); !ok {
			t.Fatalf("Lookup(%s) failed", l.Tag)
		}
	}
	if _, ok := Lookup("xx"); ok {
		t.Fatal("Lookup accepted an unknown language")
	}
}

func TestMessageIDsAreUniqueAcrossGroups(t *testing.T) {
	seen := map[string]string{}
	for _, g := range Groups {
		for id := range loadFile(t, g.Name+"."+Default+".toml") {
			if other, dup := seen[id]; dup {
				t.Errorf("message %q is in both %s and %s", id, other, g.Name)
			}
			seen[id] = g.Name
		}
	}
}
