package bot

import (
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/slack-go/slack"
)

// How much of a summary a Slack message lists; the staff page has all of
// it. Slack allows 3,000 characters in a section and 10 fields.
const (
	digestMaxLines = 12
	// digestMaxName is how much of an activity's or organisation's name
	// a line shows, so twelve lines and a heading fit in one section.
	digestMaxName = 100
)

// digestMeta is what a summary message says about itself: whether it is
// late (and when it was due), and where the staff page with every number
// is.
type digestMeta struct {
	Late  bool
	DueAt time.Time
	URL   string
	All   bool // list every line (for text on a terminal), not just the first
}

// staffDigestMessage is a week's summary for the staff channel: a header,
// the week's main numbers as fields with the change against the week
// before, then activities, areas, departments, age groups and referring
// organisations, and a context line with the period. Counts only.
func staffDigestMessage(t tr, s domain.Summary, meta digestMeta) message {
	tot, before := s.Total, s.Before.Total
	fields := []*slack.TextBlockObject{
		mrkdwn(t.T("slack.digest.field.new", "Value", tot.New, "Delta", domain.Delta(tot.New, before.New))),
		mrkdwn(t.T("slack.digest.field.cancelled", "Value", tot.Cancelled, "Delta", domain.Delta(tot.Cancelled, before.Cancelled))),
		mrkdwn(t.T("slack.digest.field.places", "Num", tot.Fill.Num, "Den", tot.Fill.Den, "Rate", tot.Fill.Text(t.lang))),
		mrkdwn(t.T("slack.digest.field.waiting", "Value", tot.Waitlisted)),
		mrkdwn(t.T("slack.digest.field.attendance", "Num", tot.Attendance.Num, "Den", tot.Attendance.Den,
			"Rate", tot.Attendance.Text(t.lang), "Count", tot.SessionsMarked)),
		mrkdwn(t.T("slack.digest.field.attended", "Value", tot.Attended)),
		mrkdwn(t.T("slack.digest.field.referrals", "Value", tot.Referrals.Received,
			"Delta", domain.Delta(tot.Referrals.Received, before.Referrals.Received))),
		mrkdwn(t.T("slack.digest.field.open", "Value", tot.Referrals.StillOpen)),
		mrkdwn(t.T("slack.digest.field.departments", "Value", tot.DepartmentsReached, "Total", len(t.plan.Departments))),
	}
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain(t.T("slack.digest.header", "Week", s.Week.Num, "Year", s.Week.Year))),
		slack.NewSectionBlock(nil, fields, nil),
	}
	blocks = append(blocks, lateBlocks(t, meta)...)
	blocks = append(blocks, section(t, t.T("slack.digest.activities"), activityLines(t, s.Activities), meta.All))
	blocks = append(blocks, section(t, t.T("slack.digest.areas"), reachLines(t, s.Areas, areaName), true))
	blocks = append(blocks, slack.NewSectionBlock(mrkdwn(departmentsText(t, s)), nil, nil))
	blocks = append(blocks, section(t, t.T("slack.digest.ages"), reachLines(t, s.AgeGroups, ageName), true))
	blocks = append(blocks, section(t, t.T("slack.digest.orgs"), orgLines(t, s.Orgs), meta.All))
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(periodText(t, s.Window)+" "+t.T("slack.digest.link", "URL", meta.URL))))
	return message{Text: t.T("slack.digest.text", "Week", s.Week.Num, "Year", s.Week.Year), Blocks: blocks}
}

// partnerDigestMessage is what one organisation's channel gets: its own
// referrals and what became of them, every count from 1 to 4 as "<5".
func partnerDigestMessage(t tr, p domain.PartnerSummary, meta digestMeta) message {
	org := escape(t.orgName(p.Org))
	field := func(status domain.ReferralStatus, v domain.Masked) *slack.TextBlockObject {
		return mrkdwn(t.T("slack.digest.partner.status", "Status", t.T(statusID(status)), "Value", escape(v.String())))
	}
	fields := []*slack.TextBlockObject{
		mrkdwn(t.T("slack.digest.partner.received", "Value", escape(p.Received.String()), "Before", escape(p.ReceivedBefore.String()))),
		field(domain.ReferralEnrolled, p.Enrolled),
		field(domain.ReferralWaitlisted, p.Waitlisted),
		field(domain.ReferralDeclined, p.Declined),
		field(domain.ReferralCouldNotReach, p.CouldNotReach),
		field(domain.ReferralWithdrawn, p.Withdrawn),
		mrkdwn(t.T("slack.digest.field.open", "Value", escape(p.StillOpen.String()))),
	}
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain(clip(t.T("slack.digest.partner.header", "Week", p.Week.Num, "Year", p.Week.Year, "Org", t.orgName(p.Org)), 150))),
		slack.NewSectionBlock(mrkdwn(t.T("slack.digest.partner.intro", "Org", org)), fields, nil),
	}
	blocks = append(blocks, lateBlocks(t, meta)...)
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(periodText(t, p.Window)+" "+t.T("slack.digest.partner.masked"))))
	return message{Text: t.T("slack.digest.partner.text", "Week", p.Week.Num, "Year", p.Week.Year, "Org", org), Blocks: blocks}
}

// lateBlocks say that the summary comes late, and why, when it does.
func lateBlocks(t tr, meta digestMeta) []slack.Block {
	if !meta.Late {
		return nil
	}
	due := meta.DueAt.Format(t.T("slack.digest.datetime_layout"))
	return []slack.Block{slack.NewContextBlock("", mrkdwn(t.T("slack.digest.late", "Due", due)))}
}

// section is a heading and lines; unless all are wanted, the first
// digestMaxLines and a note of how many more there are.
func section(t tr, heading string, lines []string, all bool) *slack.SectionBlock {
	if !all {
		lines = firstLines(t, lines)
	}
	return slack.NewSectionBlock(mrkdwn(heading+"\n"+strings.Join(lines, "\n")), nil, nil)
}

func periodText(t tr, w domain.WeekWindow) string {
	layout := t.T("slack.digest.date_layout")
	last := w.End.AddDate(0, 0, -1)
	return t.T("slack.digest.period", "Week", w.Week.Num, "Year", w.Week.Year,
		"From", w.Start.Format(layout), "To", last.Format(layout))
}

func activityLines(t tr, acts []domain.ActivityLine) []string {
	if len(acts) == 0 {
		return []string{t.T("slack.digest.none")}
	}
	out := make([]string, 0, len(acts))
	for _, a := range acts {
		places := t.T("slack.digest.places_open", "Num", a.Confirmed)
		if f := a.Fill(); f.Known() {
			places = t.T("slack.digest.places", "Num", f.Num, "Den", f.Den, "Rate", f.Text(t.lang))
		}
		attendance := t.T("slack.digest.no_roll_call")
		if r := a.Attendance(); r.Known() {
			attendance = t.T("slack.digest.attendance", "Num", r.Num, "Den", r.Den, "Rate", r.Text(t.lang))
		}
		out = append(out, t.T("slack.digest.activity", "Title", shown(a.Title.In(t.lang), digestMaxName), "New", a.New,
			"Places", places, "Waiting", a.Waitlisted, "Cancelled", a.Cancelled, "Attendance", attendance))
	}
	return out
}

func reachLines(t tr, lines []domain.ReachLine, name func(tr, string) string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, t.T("slack.digest.reach", "Name", escape(name(t, l.Key)), "Signups", l.Signups,
			"Referrals", l.Referrals, "Attended", l.Attended))
	}
	return out
}

func areaName(t tr, key string) string { return t.areaName(domain.Area(key)) }

func ageName(t tr, key string) string { return t.T(ageID(key)) }

func departmentsText(t tr, s domain.Summary) string {
	without := s.DepartmentsWithout()
	if len(without) == 0 {
		return t.T("slack.digest.departments_all", "Total", len(t.plan.Departments))
	}
	names := make([]string, len(without))
	for i, d := range without {
		names[i] = escape(d.Name)
	}
	return t.T("slack.digest.departments_none", "List", strings.Join(names, ", "))
}

func orgLines(t tr, orgs []domain.OrgLine) []string {
	if len(orgs) == 0 {
		return []string{t.T("slack.digest.none")}
	}
	out := make([]string, 0, len(orgs))
	for _, o := range orgs {
		out = append(out, t.T("slack.digest.org", "Org", shown(t.orgName(o.Org), digestMaxName), "Received", o.Received,
			"Enrolled", o.Enrolled, "Waitlisted", o.Waitlisted, "Declined", o.Declined,
			"CouldNotReach", o.CouldNotReach, "Withdrawn", o.Withdrawn, "Open", o.StillOpen))
	}
	return out
}

// firstLines keeps the first digestMaxLines lines and says how many more
// the staff page has.
func firstLines(t tr, lines []string) []string {
	if len(lines) <= digestMaxLines {
		return lines
	}
	more := len(lines) - digestMaxLines
	return append(lines[:digestMaxLines:digestMaxLines], t.T("slack.digest.more", "Count", more))
}
