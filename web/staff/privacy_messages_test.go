package staff

import (
	"testing"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestPersonPageAndAuditViewerMessagesExist checks the message ids the
// person page and the audit viewer put together at run time: every status,
// contact method, consent giver and log kind in every language residents
// read, and a label for every audit action in the staff languages.
func TestPersonPageAndAuditViewerMessagesExist(t *testing.T) {
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	var public []string
	for _, st := range domain.Statuses {
		public = append(public, "person.status."+string(st))
	}
	for _, st := range domain.ReferralStatuses() {
		public = append(public, "person.referral_status."+string(st))
	}
	for _, c := range domain.ContactMethods() {
		public = append(public, "person.contact_by."+c)
	}
	for _, by := range []domain.ConsentBy{domain.ConsentByResident, domain.ConsentByGuardian, domain.ConsentByStaff} {
		public = append(public, "person.consent_by."+string(by))
	}
	for _, action := range domain.AuditActions() {
		public = append(public, "person.log_kind."+logKind(action))
	}
	for _, l := range locales.Languages {
		loc := i18n.NewLocalizer(bundle, l.Tag)
		for _, id := range public {
			if _, tag, err := loc.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: id}); err != nil || tag.String() != l.Tag {
				t.Errorf("%s: %s missing (%v)", l.Tag, id, err)
			}
		}
	}
	for _, l := range staffLangs() {
		loc := i18n.NewLocalizer(bundle, l.Tag)
		for _, by := range []domain.ConsentBy{domain.ConsentByResident, domain.ConsentByGuardian, domain.ConsentByStaff} {
			if _, err := loc.Localize(&i18n.LocalizeConfig{MessageID: "staff.consent_by." + string(by)}); err != nil {
				t.Errorf("%s: %v", l.Tag, err)
			}
		}
		for _, action := range domain.AuditActions() {
			if _, tag, err := loc.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: auditActionID(action)}); err != nil || tag.String() != l.Tag {
				t.Errorf("%s: no label for audit action %s (%v)", l.Tag, action, err)
			}
		}
	}
}
