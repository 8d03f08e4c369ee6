package domain

import "errors"

// ErrUnknownOrganisation means an organisation key is not the plan's.
var ErrUnknownOrganisation = errors.New("unknown partner organisation")

// Organisation is a partner organisation whose staff refer residents. The
// plan reports referrals per organisation, never per person, so a referrer
// is counted by the organisation she picked.
type Organisation struct {
	Key   string // stable value stored with each referral
	Name  string // as the partners call it; a proper name, never translated
	Group string // the municipal administration (BUF, SOF, …) or "andre"
}

// OrganisationGroup is an administration the organisations belong to, in
// the order pickers list them.
type OrganisationGroup struct {
	Key  string
	Name string
}

// OrganisationOther is the key for a partner not on the list.
const OrganisationOther = "other"
