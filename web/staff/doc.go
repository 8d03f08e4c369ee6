// Package staff is the staff workspace under /staff/: login and accounts,
// activities and their editor, sign-ups, the roll call and attendance,
// referrals from Slack, a person's rights, the audit log, and the weekly
// summaries and indicators. web mounts it on the same router as the
// public pages; what both show a page with lives in web/ui.
package staff
