package domain

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a staff account may do.
type Role string

// The roles. Admins may also add and deactivate accounts.
const (
	RoleStaff Role = "staff"
	RoleAdmin Role = "admin"
)

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return r == RoleStaff || r == RoleAdmin }

// Staff is one of the plan's staff, with an account in the workspace.
type Staff struct {
	ID          int64
	Email       string
	Name        string
	Role        Role
	Lang        string // the language the workspace speaks to them in
	Active      bool
	HasPassword bool
	CreatedAt   time.Time
}

// IsAdmin reports whether the account may manage other accounts.
func (s Staff) IsAdmin() bool { return s.Role == RoleAdmin }

// How long the secrets of the workspace live.
const (
	// PasswordLinkTTL is how long a link to set a password works; it is
	// handed over by hand or chat, so a day is enough and not much more.
	PasswordLinkTTL = 24 * time.Hour
	// SessionTTL is one working day: a phone left logged in on the
	// street does not stay a key to residents' data for long.
	SessionTTL = 12 * time.Hour
)

// Login throttling: MaxLoginFailures failures for one account, or from one
// address, within LoginWindow lock it for LoginLockout.
const (
	MaxLoginFailures = 10
	LoginWindow      = 15 * time.Minute
	LoginLockout     = 15 * time.Minute
)

// LoginLocks reports whether this many recent failures lock the account
// or address.
func LoginLocks(failures int) bool { return failures >= MaxLoginFailures }

// FailureWindowStart is the moment from which failures count: the window
// before now, or the account's last good login if that came later, so a
// person who mistyped a few times and then got in starts afresh.
func FailureWindowStart(now, lastSuccess time.Time) time.Time {
	start := now.Add(-LoginWindow)
	if lastSuccess.After(start) {
		return lastSuccess
	}
	return start
}

// Error codes of the staff rules; each is a message id in locales/staff.*.
const (
	ErrCodeStaffEmail       = "staff.error.email"
	ErrCodeStaffName        = "staff.error.name"
	ErrCodeStaffRole        = "staff.error.role"
	ErrCodePasswordShort    = "staff.error.password_short"
	ErrCodePasswordLong     = "staff.error.password_long"
	ErrCodePasswordMismatch = "staff.error.password_mismatch"
)

// RuleError is a staff action the rules refuse. Code is a message id,
// translated when the page is rendered; Field names the input at fault.
type RuleError struct {
	Field string
	Code  string
}

// Error names the rule; people see its translation, not this.
func (e *RuleError) Error() string { return "refused: " + e.Code }

// NormaliseEmail is the form an e-mail address is stored and compared in.
func NormaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// CheckStaffAccount checks a new account's details, already normalised.
func CheckStaffAccount(email, name string, role Role) []FieldError {
	var errs []FieldError
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || !strings.Contains(email[strings.LastIndex(email, "@"):], ".") {
		errs = append(errs, FieldError{Field: "email", Code: ErrCodeStaffEmail})
	}
	if n := utf8.RuneCountInString(name); n == 0 || n > 100 || !utf8.ValidString(name) {
		errs = append(errs, FieldError{Field: "name", Code: ErrCodeStaffName})
	} else if LooksLikeCPR(name) {
		errs = append(errs, FieldError{Field: "name", Code: ErrCodeStaffCPR})
	}
	if !role.Valid() {
		errs = append(errs, FieldError{Field: "role", Code: ErrCodeStaffRole})
	}
	return errs
}

// Password length bounds, in characters. Long passphrases are welcome;
// the upper bound only keeps hashing cheap for an attacker's megabytes.
const (
	PasswordMinLen = 12
	PasswordMaxLen = 128
)

// CheckNewPassword checks a chosen password and its repetition.
func CheckNewPassword(pw, repeat string) *RuleError {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < PasswordMinLen:
		return &RuleError{Field: "password", Code: ErrCodePasswordShort}
	case n > PasswordMaxLen || !utf8.ValidString(pw):
		return &RuleError{Field: "password", Code: ErrCodePasswordLong}
	case pw != repeat:
		return &RuleError{Field: "repeat", Code: ErrCodePasswordMismatch}
	}
	return nil
}
