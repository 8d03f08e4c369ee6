package main

import (
	"context"
	"fmt"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// consentTexts are the consent texts as this build words them for the
// plan named plan: each of domain.ConsentMessages in each of its
// languages, with its version. The texts name the plan that keeps the
// data, so what is recorded is what the form showed.
func consentTexts(bundle *i18n.Bundle, plan string) ([]store.ConsentText, error) {
	var out []store.ConsentText
	for _, m := range domain.ConsentMessages() {
		langs := m.Langs
		if langs == nil {
			for _, l := range locales.Languages {
				langs = append(langs, l.Tag)
			}
		}
		for _, lang := range langs {
			text, err := i18n.NewLocalizer(bundle, lang).Localize(&i18n.LocalizeConfig{MessageID: m.ID,
				TemplateData: map[string]any{"Plan": plan}})
			if err != nil {
				return nil, fmt.Errorf("consent text %s (%s): %w", m.ID, lang, err)
			}
			out = append(out, store.ConsentText{MessageID: m.ID, Version: m.Version, Lang: lang, Text: text})
		}
	}
	return out, nil
}

// recordConsentTexts keeps this build's consent texts on record per
// version, and refuses to start when one was reworded without a new
// version: what earlier people agreed to must stay what they read.
func recordConsentTexts(ctx context.Context, st *store.Store, bundle *i18n.Bundle, plan string) error {
	texts, err := consentTexts(bundle, plan)
	if err != nil {
		return err
	}
	if err := st.RecordConsentTexts(ctx, texts); err != nil {
		return fmt.Errorf("%w (change domain.ConsentVersion or domain.ReferralConsentVersion with the wording)", err)
	}
	return nil
}
