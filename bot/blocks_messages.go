package bot

import (
	"fmt"
	"strconv"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/slack-go/slack"
)

// maxShownTitle is how much of an activity's title a message or modal
// shows, counted after escaping: well inside the 3,000 characters Slack
// allows a section, whatever staff named the activity.
const maxShownTitle = 200

// Action ids of buttons.
const (
	actionStatusPrefix = "status:" // + the status the button moves to
	actionOpenReferral = "open_referral"
)

// message is a Slack message: a plain-text fallback for notifications and
// the blocks people see.
type message struct {
	Text   string
	Blocks []slack.Block
}

// channelCard is what the staff channel shows of a referral: what, where,
// which age group, who referred, the status and what staff can do next.
// It never carries the resident's name, phone number or the note: those
// are only on the staff page it links to.
type channelCard struct {
	Referral domain.Referral
	Title    string // the activity or offer, in Danish
	URL      string // the referral's staff page
}

func channelMessage(t tr, c channelCard) message {
	r := c.Referral
	status := t.T(statusID(r.Status))
	fields := []*slack.TextBlockObject{
		mrkdwn(t.T("slack.channel.department", "Value", escape(t.departmentName(r.Department)))),
		mrkdwn(t.T("slack.channel.age_group", "Value", t.T(ageID(r.AgeGroup)))),
		mrkdwn(t.T("slack.channel.org", "Value", escape(t.orgName(r.Referrer.OrgKey)))),
		mrkdwn(t.T("slack.channel.status", "Value", status)),
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(t.T("slack.channel.heading", "Code", r.Code(), "Title", shown(c.Title, maxShownTitle))), fields, nil),
	}
	if r.Status != domain.ReferralSent {
		if by := changedBy(t, r.StatusBy); by != "" {
			blocks = append(blocks, slack.NewContextBlock("", mrkdwn(by)))
		}
	}
	if buttons := statusButtons(t, r); len(buttons) > 0 {
		blocks = append(blocks, slack.NewActionBlock("referral:"+strconv.FormatInt(r.ID, 10), buttons...))
	}
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(t.T("slack.channel.details", "URL", c.URL))))
	return message{
		Text:   t.T("slack.channel.text", "Code", r.Code(), "Title", shown(c.Title, maxShownTitle), "Status", status),
		Blocks: blocks,
	}
}

// changedBy says who made the last change: a Slack user by mention, staff
// on the web without naming them.
func changedBy(t tr, a domain.Actor) string {
	switch {
	case a.Kind == domain.ActorSlack && a.ID != "":
		return t.T("slack.channel.changed_by", "User", "<@"+a.ID+">")
	case a.Kind == domain.ActorStaff:
		return t.T("slack.channel.changed_on_web")
	}
	return ""
}

// statusButtons offers the moves the rules allow from the current status.
func statusButtons(t tr, r domain.Referral) []slack.BlockElement {
	var out []slack.BlockElement
	for _, to := range r.Status.Next() {
		b := slack.NewButtonBlockElement(actionStatusPrefix+string(to), strconv.FormatInt(r.ID, 10), plain(t.T(actionID(to))))
		switch to {
		case domain.ReferralAccepted, domain.ReferralEnrolled:
			b.Style = slack.StylePrimary
		case domain.ReferralDeclined:
			b.Style = slack.StyleDanger
		}
		out = append(out, b)
	}
	return out
}

// referrerMessage tells the partner what became of her referral, by its
// number and what it was for, never by the resident's name.
func referrerMessage(t tr, r domain.Referral, title string) message {
	status := t.T(statusID(r.Status))
	lead := t.T("slack.dm.status", "Code", r.Code(), "Title", shown(title, maxShownTitle), "Status", status)
	if r.Status == domain.ReferralSent {
		lead = t.T("slack.dm.sent", "Code", r.Code(), "Title", shown(title, maxShownTitle))
	}
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(lead), nil, nil)}
	if r.Status != domain.ReferralSent {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(t.T("slack.dm.explain."+string(r.Status)))))
	}
	// The reason staff wrote is theirs alone; the partner is told the
	// category they chose.
	if r.Status == domain.ReferralDeclined && r.DeclineCategory != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(t.T("slack.dm.reason",
			"Reason", t.T(declineCategoryID(r.DeclineCategory)))), nil, nil))
	}
	return message{Text: t.T("slack.dm.text", "Code", r.Code(), "Status", status), Blocks: blocks}
}

// listItem is one line of a partner's own referrals.
type listItem struct {
	Referral domain.Referral
	Title    string
}

// referralList shows a partner's referrals and their statuses, for the
// App Home and /tilmeld mine.
func referralList(t tr, items []listItem) []slack.Block {
	if len(items) == 0 {
		return []slack.Block{slack.NewSectionBlock(mrkdwn(t.T("slack.list.empty")), nil, nil)}
	}
	out := make([]slack.Block, 0, len(items))
	for _, it := range items {
		r := it.Referral
		date := fmt.Sprintf("<!date^%d^{date_short}|%s>", r.CreatedAt.Unix(), r.CreatedAt.UTC().Format("2006-01-02"))
		out = append(out, slack.NewSectionBlock(mrkdwn(t.T("slack.list.item", "Code", r.Code(),
			"Title", shown(it.Title, maxShownTitle), "Status", t.T(statusID(r.Status)), "Date", date)), nil, nil))
	}
	return out
}

// homeView is the App Home: a button to refer, then the latest referrals.
func homeView(t tr, items []listItem) slack.HomeTabViewRequest {
	open := slack.NewButtonBlockElement(actionOpenReferral, "", plain(t.T("slack.home.new")))
	open.Style = slack.StylePrimary
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain(t.T("slack.home.title"))),
		slack.NewActionBlock("home_actions", open),
	}
	blocks = append(blocks, referralList(t, items)...)
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(t.T("slack.home.footer"))))
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

// ephemeral is an answer to a slash command that only its user sees.
type ephemeral struct {
	ResponseType string        `json:"response_type"`
	Text         string        `json:"text"`
	Blocks       []slack.Block `json:"blocks,omitempty"`
}

func mineMessage(t tr, items []listItem) ephemeral {
	blocks := append([]slack.Block{slack.NewSectionBlock(mrkdwn(t.T("slack.mine.heading")), nil, nil)}, referralList(t, items)...)
	return ephemeral{ResponseType: "ephemeral", Text: t.T("slack.mine.heading"), Blocks: blocks}
}

func helpMessage(t tr) ephemeral {
	return ephemeral{ResponseType: "ephemeral", Text: t.T("slack.help.text"),
		Blocks: []slack.Block{slack.NewSectionBlock(mrkdwn(t.T("slack.help.text")), nil, nil)}}
}

// smsReplyMessage tells the staff channel that a resident answered an SMS
// with something other than a keyword, and where to read it. The text and
// her number are only on that page: a channel is read by many.
func smsReplyMessage(t tr, url string) message {
	return message{Text: t.T("slack.sms_reply.text"),
		Blocks: []slack.Block{slack.NewSectionBlock(mrkdwn(t.T("slack.sms_reply.body", "URL", url)), nil, nil)}}
}
