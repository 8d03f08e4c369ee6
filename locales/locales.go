// Package locales holds every string residents and partners read, one
// go-i18n TOML file per language, embedded so the binary is the product.
package locales

import (
	"embed"
	"fmt"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed *.toml
var files embed.FS

// Group is a set of messages read by one kind of user, one file per
// language: <group>.<tag>.toml.
type Group struct {
	Name  string
	Langs []string // the languages it must exist in; nil means all
}

// Groups: residents read the public pages in every language; staff pages
// and the Slack app are in Danish and English.
var Groups = []Group{
	{Name: "active"},
	{Name: "staff", Langs: []string{"da", "en"}},
	{Name: "slack", Langs: []string{"da", "en"}},
}

// Covers reports whether group g must exist in language tag.
func (g Group) Covers(tag string) bool {
	if g.Langs == nil {
		return true
	}
	for _, l := range g.Langs {
		if l == tag {
			return true
		}
	}
	return false
}

// Language is one language the service speaks.
type Language struct {
	Tag  string // BCP 47 tag, also the file name: active.<tag>.toml
	Name string // the language's name in itself, for the switcher
	RTL  bool   // written right to left
}

// Languages lists the supported languages, Danish first, in the order the
// switcher shows them. Adding one is a new active.<tag>.toml file and one
// line here; its digits, plural forms and Accept-Language matching come
// from CLDR through the tag (see README, "Translations").
var Languages = []Language{
	{Tag: "da", Name: "Dansk"},
	{Tag: "en", Name: "English"},
	{Tag: "ar", Name: "العربية", RTL: true},
	{Tag: "so", Name: "Soomaali"},
	{Tag: "tr", Name: "Türkçe"},
	{Tag: "ur", Name: "اردو", RTL: true},
	{Tag: "fa", Name: "فارسی", RTL: true},
}

// Dir is the language's writing direction as an HTML dir value.
func (l Language) Dir() string {
	if l.RTL {
		return "rtl"
	}
	return "ltr"
}

// Default is the language used when nothing else is known.
const Default = "da"

// Lookup returns the language with the given tag.
func Lookup(tag string) (Language, bool) {
	for _, l := range Languages {
		if l.Tag == tag {
			return l, true
		}
	}
	return Language{}, false
}

// Bundle loads every language's messages, with Danish as the default.
func Bundle() (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.Danish)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, g := range Groups {
		for _, l := range Languages {
			if !g.Covers(l.Tag) {
				continue
			}
			name := g.Name + "." + l.Tag + ".toml"
			data, err := files.ReadFile(name)
			if err != nil {
				return nil, fmt.Errorf("locales: %s is expected but missing: %w", name, err)
			}
			if _, err := b.ParseMessageFileBytes(data, name); err != nil {
				return nil, fmt.Errorf("locales: %s: %w", name, err)
			}
		}
	}
	return b, nil
}

// Tags returns the language tags in order, for Accept-Language matching.
func Tags() []language.Tag {
	tags := make([]language.Tag, len(Languages))
	for i, l := range Languages {
		tags[i] = language.MustParse(l.Tag)
	}
	return tags
}
