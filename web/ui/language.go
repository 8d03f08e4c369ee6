package ui

import (
	"html/template"
	"strconv"
	"sync"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"golang.org/x/text/language"
	printer "golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Digits. Counts, ages, dates and times are written in each language's own
// digits, as CLDR gives them through the language tag: Arabic-Indic
// (٠١٢٣) for Arabic and Persian (۰۱۲۳) for Farsi, the way those languages
// are printed and taught; Western digits for Danish, English, Somali,
// Turkish, and Urdu (as it is printed in Pakistan). An eighth language
// gets its digits the same way, with no setting. What must match the
// world outside the page stays Western whatever the language, each inside
// dir="ltr": reference codes (read aloud to staff), phone numbers (as on
// the keypad), links, and street numbers in the catalogue's places. Input
// takes every kind of digit (domain.NormaliseDigits).

// Isolate marks put around text from the catalogue inside a translated
// sentence, so a Danish title in Arabic, Urdu or Farsi text keeps its own
// direction and does not drag the punctuation around it. The direction is
// the text's language's, not guessed from its first letter: "MamaMove –
// رياضة للأمهات" is Arabic that starts with a Latin name.
const (
	leftToRightIsolate = "\u2066"
	rightToLeftIsolate = "\u2067"
	popIsolate         = "\u2069"
)

// zeroDigit returns the digit zero of the language's default numbering
// system in CLDR, e.g. '٠' for ar and '0' for da.
func zeroDigit(tag string) rune {
	if z, ok := zeroDigits.Load(tag); ok {
		return z.(rune)
	}
	z := '0'
	p := printer.NewPrinter(language.Make(tag))
	for _, r := range p.Sprint(number.Decimal(0)) {
		z = r
		break
	}
	zeroDigits.Store(tag, z)
	return z
}

// zeroDigits keeps zeroDigit's answers: asking CLDR builds a printer,
// and every number on every page needs it.
var zeroDigits sync.Map

// digits rewrites the ASCII digits of s in the page language's digits.
func (p *Page) digits(s string) string {
	zero := zeroDigit(p.Lang.Tag)
	if zero == '0' {
		return s
	}
	out := []rune(s)
	for i, r := range out {
		if r >= '0' && r <= '9' {
			out[i] = zero + (r - '0')
		}
	}
	return string(out)
}

// Num writes a whole number in the page language's digits, without
// grouping: the numbers residents see are counts, ages and years.
func (p *Page) Num(n int) string { return p.digits(strconv.Itoa(n)) }

// localised returns a template value as it should appear in a message:
// whole numbers in the language's digits, anything else unchanged.
func (p *Page) localised(v any) any {
	if n, ok := v.(int); ok {
		return p.Num(n)
	}
	return v
}

// Isolate is a catalogue text for use inside a translated sentence (the
// activity's title in "You have a place on …"), wrapped in isolate marks
// so mixed directions do not scramble it.
func (p *Page) Isolate(t domain.Text) string {
	open := leftToRightIsolate
	if l, ok := locales.Lookup(p.TextLang(t)); ok && l.RTL {
		open = rightToLeftIsolate
	}
	return open + p.Text(t) + popIsolate
}

// TextAttrs are the attributes an element showing catalogue text needs
// when the text is not in the page's language: it fell back to Danish, so
// it is marked lang="da" (screen readers switch voice) and, on a
// right-to-left page, dir="ltr". Empty when the text is in the page's
// language, which is the usual case and costs no bytes.
func (p *Page) TextAttrs(t domain.Text) template.HTMLAttr {
	return p.langAttrs(p.TextLang(t))
}

// langAttrs are lang and dir attributes for text in language tag, when it
// differs from the page's.
func (p *Page) langAttrs(tag string) template.HTMLAttr {
	if tag == "" || tag == p.Lang.Tag {
		return ""
	}
	attrs := ` lang="` + template.HTMLEscapeString(tag) + `"`
	dir := "ltr"
	if l, ok := locales.Lookup(tag); ok {
		dir = l.Dir()
	}
	if dir != p.Dir() {
		attrs += ` dir="` + dir + `"`
	}
	return template.HTMLAttr(attrs)
}

// Inline is a catalogue text for inline use: escaped, and wrapped in a span
// marked with its language only when it fell back to Danish.
func (p *Page) Inline(t domain.Text) template.HTML { return p.inline(p.Text(t), p.TextLang(t)) }

// inline escapes text written in language tag, wrapped in a span with its
// lang (and dir) when that is not the page's language.
func (p *Page) inline(text, tag string) template.HTML {
	text = template.HTMLEscapeString(text)
	if attrs := p.langAttrs(tag); attrs != "" {
		return template.HTML("<span" + string(attrs) + ">" + text + "</span>")
	}
	return template.HTML(text)
}
