package bot

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/slack-go/slack"
)

// WriteDigestText writes a week's summary as plain text, for a terminal:
// the staff view, or with org the view that organisation's channel gets.
// It is the Slack layout read aloud, every line of it, so the terminal and
// the channel say the same.
func WriteDigestText(w io.Writer, p *domain.Plan, bundle *i18n.Bundle, lang string, s domain.Summary, org, baseURL string) error {
	t := tr{lang: lang, loc: i18n.NewLocalizer(bundle, lang, domain.DefaultLang), plan: p}
	meta := digestMeta{All: true, URL: strings.TrimRight(baseURL, "/") + "/staff/summary?week=" + s.Week.String()}
	m := staffDigestMessage(t, s, meta)
	if org != "" {
		m = partnerDigestMessage(t, s.ForPartner(org), meta)
	}
	var b strings.Builder
	for _, bl := range m.Blocks {
		switch x := bl.(type) {
		case *slack.HeaderBlock:
			title := x.Text.Text
			fmt.Fprintf(&b, "%s\n%s\n", title, strings.Repeat("=", len([]rune(title))))
		case *slack.SectionBlock:
			if x.Text != nil {
				fmt.Fprintf(&b, "\n%s\n", plainText(x.Text.Text))
			}
			for _, f := range x.Fields {
				label, value, _ := strings.Cut(plainText(f.Text), "\n")
				fmt.Fprintf(&b, "%-34s %s\n", label+":", value)
			}
		case *slack.ContextBlock:
			for _, e := range x.ContextElements.Elements {
				if txt, ok := e.(*slack.TextBlockObject); ok {
					fmt.Fprintf(&b, "\n%s\n", plainText(txt.Text))
				}
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var (
	slackLink  = regexp.MustCompile(`<([^|>]+)\|([^>]+)>`)
	slackEmoji = regexp.MustCompile(`:[a-z_]+: `)
)

// plainText turns Slack mrkdwn into text: no stars, links as "text (url)",
// no emoji codes, and &lt; back to <.
func plainText(s string) string {
	s = slackLink.ReplaceAllString(s, "$2 ($1)")
	s = slackEmoji.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "*", "")
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}
