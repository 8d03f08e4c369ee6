package domain

// PartnerSummary is what one partner organisation sees of a week: its own
// referrals and what became of them, every count from 1 to 4 shown as
// "<5". It holds Masked counts only, so it cannot carry a small number.
type PartnerSummary struct {
	Week           Week
	Window         WeekWindow
	Org            string
	Received       Masked
	ReceivedBefore Masked // in the week before
	Enrolled       Masked
	Waitlisted     Masked
	Declined       Masked
	CouldNotReach  Masked
	Withdrawn      Masked
	StillOpen      Masked
}

// ForPartner is the organisation's view of the summary. A change against
// the week before is not given as a difference, which could reveal a
// small count that masking hides; the week before is shown masked too.
func (s Summary) ForPartner(org string) PartnerSummary {
	var l OrgLine
	for _, o := range s.Orgs {
		if o.Org == org {
			l = o
		}
	}
	return PartnerSummary{
		Week: s.Week, Window: s.Window, Org: org,
		Received: Mask(l.Received), ReceivedBefore: Mask(s.Before.Received[org]),
		Enrolled: Mask(l.Enrolled), Waitlisted: Mask(l.Waitlisted), Declined: Mask(l.Declined),
		CouldNotReach: Mask(l.CouldNotReach), Withdrawn: Mask(l.Withdrawn), StillOpen: Mask(l.StillOpen),
	}
}
