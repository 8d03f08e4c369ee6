package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Translate translates message id with loc. Arguments come in name, value
// pairs; a "Count" argument also chooses the plural form.
func Translate(loc *i18n.Localizer, id string, args ...any) string {
	return TranslateShown(loc, nil, id, args...)
}

// TranslateShown is Translate with each value passed through show before
// the message shows it (the public pages write numbers in the language's
// own digits); the plural form is still chosen from the value itself.
func TranslateShown(loc *i18n.Localizer, show func(any) any, id string, args ...any) string {
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(args) > 0 {
		data := map[string]any{}
		for i := 0; i+1 < len(args); i += 2 {
			k, _ := args[i].(string)
			v := args[i+1]
			if k == "Count" {
				cfg.PluralCount = v
			}
			if show != nil {
				v = show(v)
			}
			data[k] = v
		}
		cfg.TemplateData = data
	}
	s, err := loc.Localize(cfg)
	if err != nil && cfg.PluralCount != nil {
		// Count is also plain template data for messages with no plural
		// forms; go-i18n refuses a count for those, so ask again without.
		cfg.PluralCount = nil
		s, err = loc.Localize(cfg)
	}
	if err != nil && s == "" {
		// A missing message is caught by the locale tests; show its id
		// rather than nothing if one slips through.
		return id
	}
	return s
}
