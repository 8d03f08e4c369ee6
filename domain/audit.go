package domain

// Audit actions: what the audit log says happened. They are stable names,
// read by people and by the privacy reports that come later.
const (
	AuditLoginOK         = "login.ok"
	AuditLoginFailed     = "login.failed"
	AuditLoginLocked     = "login.locked"      // refused: the account or address is locked
	AuditLockSet         = "login.lock_set"    // ten failures just locked it
	AuditLogout          = "logout"            // this session ended
	AuditLogoutAll       = "logout.everywhere" // every session of the account ended
	AuditPasswordSet     = "password.set"
	AuditPasswordLink    = "password.link" // a link to set a password was made
	AuditStaffAdded      = "staff.added"
	AuditStaffDeactivate = "staff.deactivated"
	AuditSignupView      = "signup.view" // one person's details were shown
	AuditSignupStatus    = "signup.status"
	AuditSignupPromoted  = "signup.promoted" // took a freed place from the waiting list
	AuditSignupNote      = "signup.note"
	AuditSignupAssisted  = "signup.assisted"
	AuditExportSignups   = "export.signups"
	AuditExportAttend    = "export.attendance"
	AuditActivityCreate  = "activity.created"
	AuditActivityUpdate  = "activity.updated"
	AuditActivityArchive = "activity.archived"
	AuditActivityRestore = "activity.restored"
	AuditActivityOpen    = "activity.opened"
	AuditActivityClose   = "activity.closed"
	AuditReferralView    = "referral.view" // a referred resident's details were shown
	AuditPartnerOrg      = "partner.org"   // a partner's organisation was corrected
)

// Audit actions of the privacy rights and of referrals.
const (
	AuditReferralCreated = "referral.created"
	AuditReferralStatus  = "referral.status"
	AuditPersonSearch    = "person.search" // staff looked a person up by phone number
	AuditPersonView      = "person.view"   // the readable page of everything held about her
	AuditPersonExport    = "person.export" // the same as a JSON file
	AuditPersonErase     = "person.erased" // staff erased her, at her request
	AuditResidentErase   = "resident.erased"
	AuditRetentionErase  = "retention.erased" // the daily job erased an ended activity's people
	AuditLogViewed       = "audit.viewed"     // an admin read the audit log about a person
	AuditKeysRotated     = "keys.rotated"
)

// AuditActions lists every action, for the audit viewer's labels and its
// filter.
func AuditActions() []string {
	return []string{AuditLoginOK, AuditLoginFailed, AuditLoginLocked, AuditLockSet, AuditLogout, AuditLogoutAll,
		AuditPasswordSet, AuditPasswordLink, AuditStaffAdded, AuditStaffDeactivate, AuditSignupView, AuditSignupStatus,
		AuditSignupPromoted, AuditSignupNote, AuditSignupAssisted, AuditExportSignups, AuditExportAttend,
		AuditActivityCreate, AuditActivityUpdate, AuditActivityArchive, AuditActivityRestore, AuditActivityOpen,
		AuditActivityClose, AuditReferralView, AuditPartnerOrg, AuditReferralCreated, AuditReferralStatus,
		AuditPersonSearch, AuditPersonView, AuditPersonExport, AuditPersonErase, AuditResidentErase,
		AuditRetentionErase, AuditLogViewed, AuditKeysRotated}
}
