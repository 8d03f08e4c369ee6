package locales_test

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/BurntSushi/toml"
	"github.com/beboerprojekt-nordvest/tilmeld/plans"
)

// These tests hold the fixes of the language review (issue 13.11): each
// fails on a wording the reviewer found, in the locale files and in the
// activity texts residents read (the plan file).

// text is one string a reader sees, and where it comes from.
type text struct{ where, s string }

// messages returns every string in a locale file, each plural form on
// its own, named by message id and form.
func messages(t *testing.T, file string) []text {
	t.Helper()
	var raw map[string]any
	if _, err := toml.DecodeFile(file, &raw); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	var out []text
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case string:
			out = append(out, text{file + ": " + prefix, v})
		case map[string]any:
			for k, sub := range v {
				walk(strings.TrimPrefix(prefix+"."+k, "."), sub)
			}
		}
	}
	walk("", raw)
	sort.Slice(out, func(i, j int) bool { return out[i].where < out[j].where })
	return out
}

// activityTexts returns every text in one language of the default plan's
// activities: titles, descriptions, field labels, help texts and options.
func activityTexts(t *testing.T, lang string) []text {
	t.Helper()
	plan, err := plans.Default()
	if err != nil {
		t.Fatal(err)
	}
	var out []text
	for _, a := range plan.Activities {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		var walk func(path string, v any)
		walk = func(path string, v any) {
			switch v := v.(type) {
			case map[string]any:
				for k, sub := range v {
					if s, ok := sub.(string); ok && k == lang {
						out = append(out, text{"plan " + a.Slug + path, s})
						continue
					}
					walk(path+"."+k, sub)
				}
			case []any:
				for _, sub := range v {
					walk(path, sub)
				}
			}
		}
		walk("", v)
	}
	if len(out) < 20 {
		t.Fatalf("found only %d %s activity texts: the walk is broken", len(out), lang)
	}
	return out
}

// words splits a text into words, keeping Arabic diacritics (a shadda or
// damma tells تعلُّم, learning, from تعلّم, learn!).
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r)
	})
}

// TestArabicAddressesNoOneAsAMan: the main activity is for women, and the
// Arabic texts spoke only to men: masculine imperatives (اكتب, اختر) and
// second-person verbs (تريد, تستطيع). Requests are verbal nouns now
// (يُرجى كتابة…), or passive, or first person.
func TestArabicAddressesNoOneAsAMan(t *testing.T) {
	masculine := map[string]bool{}
	for _, w := range strings.Fields(`
		اختر اكتب واكتب املأ ضع حاول وحاول انتظر تأكد ارجع اترك استخدم احضر احتفظ عد تعال واطرح قابل
		تعلّم كن سجّلني ضعني ألغِ احذف واحذف ابدأ
		تريد تستطيع تسكن تحتاج تحبها تتعهّد تقلق تفعل تضع تدفع تتجنّب تحافظ تدرّب تتدرّب تنتهي
		ستحصل ترفقها تتقدّم تتحدث تسجّل تقرأ تسأل تلغي وتحذف مسجّلًا تحصل تطلب وتطلب اقرأ انتقل تكتبه`) {
		masculine[w] = true
	}
	all := append(messages(t, "active.ar.toml"), activityTexts(t, "ar")...)
	for _, m := range all {
		for _, w := range words(m.s) {
			if masculine[w] {
				t.Errorf("%s addresses a man (%s): %s", m.where, w, m.s)
			}
		}
		if strings.Contains(m.s, "أنت مسجّل") {
			t.Errorf("%s: أنت مسجّل is masculine: %s", m.where, m.s)
		}
	}
}

// TestArabicCountedNounsArePluralMessages: after a number, Arabic says
// يوم, يومان, أيام or يومًا (and سنة, سنتان, سنوات, سنةً) by the number, so a
// message that puts a count before days or years must be a plural message
// whose few and many forms differ.
func TestArabicCountedNounsArePluralMessages(t *testing.T) {
	var raw map[string]any
	if _, err := toml.DecodeFile("active.ar.toml", &raw); err != nil {
		t.Fatal(err)
	}
	counted := regexp.MustCompile(`}}\s*(يوم|يومًا|أيام|سنة|سنةً|سنوات)`)
	var check func(id string, v any)
	check = func(id string, v any) {
		switch v := v.(type) {
		case string:
			if counted.MatchString(v) {
				t.Errorf("ar %s counts days or years without plural forms: %s", id, v)
			}
		case map[string]any:
			if few, ok := v["few"].(string); ok {
				if many, _ := v["many"].(string); few == many && counted.MatchString(few) {
					t.Errorf("ar %s: the few and many forms are the same: %s", id, few)
				}
				return
			}
			for k, sub := range v {
				check(strings.TrimPrefix(id+"."+k, "."), sub)
			}
		}
	}
	check("", raw)
}

// TestSomaliUsesOneWordForSignUpAndOneForMobile: the reviewer found five
// words for "sign up" and two for "mobile". Sign-up is isdiiwaangeli
// (and its forms); mobile is moobayl.
func TestSomaliUsesOneWordForSignUpAndOneForMobile(t *testing.T) {
	synonyms := regexp.MustCompile(`(?i)\b(isku qor|isu qor|isugu qor|is qor|i qor|igu qor|kuma qor|loogu qor)|\bmobil`)
	all := append(messages(t, "active.so.toml"), activityTexts(t, "so")...)
	for _, m := range all {
		if w := synonyms.FindString(m.s); w != "" {
			t.Errorf("%s says %q: %s", m.where, w, m.s)
		}
	}
	for _, m := range messages(t, "active.so.toml") {
		switch {
		case strings.HasSuffix(m.where, " privacy.title") && !strings.Contains(m.s, "Macluumaadkaaga"):
			t.Errorf("%s should say \"your data\": %s", m.where, m.s)
		case strings.HasSuffix(m.where, " error.too_large") && !strings.Contains(m.s, "ka badnaan"):
			t.Errorf("%s lacks its verb: %s", m.where, m.s)
		}
	}
}

// TestPersianSaysSaturdayAndWhoCorrects: "یک شنبه" reads as یکشنبه, Sunday,
// and residents ask for corrections; they cannot make them themselves.
func TestPersianSaysSaturdayAndWhoCorrects(t *testing.T) {
	for _, m := range activityTexts(t, "fa") {
		if strings.Contains(m.where, "familieoplevelsesklubben.texts.when") &&
			(strings.Contains(m.s, "یک شنبه") || strings.Contains(m.s, "یکشنبه") || !strings.Contains(m.s, "شنبه")) {
			t.Errorf("%s does not say Saturday: %s", m.where, m.s)
		}
	}
	for _, m := range messages(t, "active.fa.toml") {
		if strings.HasSuffix(m.where, "rights") && strings.Contains(m.s, "را اصلاح کنید") {
			t.Errorf("%s says residents correct the data themselves: %s", m.where, m.s)
		}
	}
}

// TestTurkishPutsNoSuffixOnAName: a suffix after a configurable name
// ({{.Controller}}'dir) must agree with a name nobody knows yet.
func TestTurkishPutsNoSuffixOnAName(t *testing.T) {
	suffix := regexp.MustCompile(`}}['’]\p{L}`)
	for _, m := range messages(t, "active.tr.toml") {
		if suffix.MatchString(m.s) {
			t.Errorf("%s attaches a suffix to a value: %s", m.where, m.s)
		}
	}
}

// TestUrduAvoidsTheLoanword: رجسٹریشنز is an English plural in Urdu
// letters; اندراجات is the Urdu word.
func TestUrduAvoidsTheLoanword(t *testing.T) {
	for _, m := range append(messages(t, "active.ur.toml"), activityTexts(t, "ur")...) {
		if strings.Contains(m.s, "رجسٹریشنز") {
			t.Errorf("%s: %s", m.where, m.s)
		}
	}
}

// TestEnglishHasNoDoubledWord ("who you are are left").
func TestEnglishHasNoDoubledWord(t *testing.T) {
	var all []text
	for _, f := range []string{"active.en.toml", "staff.en.toml", "slack.en.toml"} {
		all = append(all, messages(t, f)...)
	}
	all = append(all, activityTexts(t, "en")...)
	for _, m := range all {
		ws := strings.Fields(m.s)
		for i := 1; i < len(ws); i++ {
			if strings.EqualFold(ws[i], ws[i-1]) && !strings.HasPrefix(ws[i], "{{") {
				t.Errorf("%s repeats %q: %s", m.where, ws[i], m.s)
			}
		}
	}
}

// TestDanishNamesTheGuardianBesideTheParent: a child's guardian may be
// someone other than a parent, so wherever a resident or partner reads
// "forælder" as the one who consents, "værge" is there too.
func TestDanishNamesTheGuardianBesideTheParent(t *testing.T) {
	parent := regexp.MustCompile(`(?i)\bforælder(en|s|ens)?\b`)
	var all []text
	for _, f := range []string{"active.da.toml", "slack.da.toml"} {
		all = append(all, messages(t, f)...)
	}
	all = append(all, activityTexts(t, "da")...)
	for _, m := range all {
		if parent.MatchString(m.s) && !strings.Contains(m.s, "værge") {
			t.Errorf("%s says forælder without værge: %s", m.where, m.s)
		}
	}
}
