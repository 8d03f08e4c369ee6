package ui

import (
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// PrivacyFacts renders the page's privacy facts in its language, one
// sentence each: the privacy notice and the consent box both show these,
// so the two cannot say different things.
func (p *Page) PrivacyFacts() []string {
	sep := ", "
	if p.Lang.RTL {
		sep = "، "
	}
	keys := domain.PrivacyFieldKeys()
	names := make([]string, 0, len(keys))
	for _, key := range keys {
		names = append(names, p.T("privacy.field."+key))
	}
	var out []string
	for _, st := range p.Facts.Statements() {
		args := []any{"Fields", strings.Join(names, sep)}
		for k, v := range st.Data {
			if s, ok := v.(string); ok && k == "Contact" {
				v = "\u2066" + s + "\u2069" // an address or a number reads left to right
			}
			args = append(args, k, v)
		}
		out = append(out, p.T(st.ID, args...))
	}
	return out
}

// Fact is one of PrivacyFacts by its message id's last part, "contact"
// for privacy.fact.contact: the notice places each under its heading.
func (p *Page) Fact(name string) string {
	for i, st := range p.Facts.Statements() {
		if st.ID == "privacy.fact."+name {
			return p.PrivacyFacts()[i]
		}
	}
	return ""
}
