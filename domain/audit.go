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
