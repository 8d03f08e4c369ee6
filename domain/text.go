package domain

// DefaultLang is the language every text must exist in and falls back to.
const DefaultLang = "da"

// Text is one piece of text in several languages, keyed by language tag.
type Text map[string]string

// In returns the text in lang, falling back to Danish, so a missing
// translation shows the original rather than nothing.
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t[DefaultLang]
}

// Has reports whether the text exists in lang itself, without fallback.
func (t Text) Has(lang string) bool { return t[lang] != "" }
