package bot

import (
	"encoding/json"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// tr writes the Slack app's messages in one language, with the plan's
// names for its areas, departments and organisations.
type tr struct {
	lang string
	loc  *i18n.Localizer
	plan *domain.Plan
}

func (b *Bot) tr(lang string) tr {
	return tr{lang: lang, loc: i18n.NewLocalizer(b.bundle, lang, domain.DefaultLang), plan: b.plan}
}

// T translates a message id. Arguments come in name, value pairs; a
// "Count" argument also chooses the plural form.
func (t tr) T(id string, args ...any) string { return locales.Translate(t.loc, id, args...) }

// langOf maps a Slack locale (en-US, da-DK, …) to a language the Slack
// app speaks; Danish when unknown.
func langOf(slackLocale string) string {
	if strings.HasPrefix(strings.ToLower(slackLocale), "en") {
		return "en"
	}
	return domain.DefaultLang
}

// escape makes text safe inside Slack mrkdwn: &, < and > are the only
// characters Slack asks apps to escape, and they stop user text from
// forming links, mentions or @channel.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// shown is text as Slack shows it inside mrkdwn: escaped, and at most n
// characters long as Slack counts them, after escaping. The cut is made
// before escaping, so it never splits an &amp; or drops the closing * a
// message puts after the text.
func shown(s string, n int) string {
	if escapedLen(s) <= n {
		return escape(s)
	}
	width := 0 // of the escaped text kept so far
	for i, r := range s {
		if width+escapedWidth(r) > n-1 { // room for the …
			return escape(s[:i]) + "…"
		}
		width += escapedWidth(r)
	}
	return escape(s)
}

// escapedWidth is how many characters escape turns r into.
func escapedWidth(r rune) int {
	switch r {
	case '&':
		return len("&amp;")
	case '<', '>':
		return len("&lt;")
	}
	return 1
}

// escapedLen is the length of escape(s) in characters.
func escapedLen(s string) int {
	w := 0
	for _, r := range s {
		w += escapedWidth(r)
	}
	return w
}

// clip shortens text to n characters for Slack's limits on option texts
// and titles, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(v)
}

// Message ids for the choices a referral records. Keys that go-i18n
// reserves (such as "other") cannot be message names, so those get one.
func statusID(s domain.ReferralStatus) string { return "slack.status." + string(s) }
func actionID(s domain.ReferralStatus) string { return "slack.action." + string(s) }
func ageID(g string) string                   { return "slack.age." + g }
func contactID(c string) string               { return "slack.contact." + c }

// declineCategoryID names a decline category's message; "other" is one
// of go-i18n's reserved keys.
func declineCategoryID(c domain.DeclineCategory) string {
	if c == domain.DeclineOther {
		return "slack.decline_category.other_reason"
	}
	return "slack.decline_category." + string(c)
}

func languageID(l string) string {
	if l == "other" {
		return "slack.language.unlisted"
	}
	return "slack.language." + l
}

// departmentName is a housing department as residents know it; the name
// is a proper name and never translated.
func (t tr) departmentName(code string) string {
	if d, ok := t.plan.Department(code); ok {
		return d.Name
	}
	return t.T("slack.department.elsewhere")
}

// orgName is the organisation's Danish name, or the key if it has gone.
func (t tr) orgName(key string) string {
	if o, ok := t.plan.OrganisationByKey(key); ok {
		return o.Name
	}
	return key
}

// areaName is the plan's name for an area in t's language (Danish when
// the plan has none in it), or the key if it has gone.
func (t tr) areaName(a domain.Area) string {
	for _, x := range t.plan.Areas {
		if x.Key == a {
			return x.Name.In(t.lang)
		}
	}
	return string(a)
}
