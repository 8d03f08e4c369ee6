package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/web/staff"
)

var errStaffUsage = fmt.Errorf("%w\n  tilmeld staff add --email E --name N [--role admin|staff] [--lang da|en]\n  tilmeld staff link --email E", errUsage)

// staffCommand manages staff accounts from the command line: "add" creates
// one (the first admin is made this way) and "link" makes a new password
// link for an existing one. Both print the one-time link to pass on; it is
// the only copy, since only its hash is stored.
func staffCommand(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "link") {
		return errStaffUsage
	}
	fs := newFlags("tilmeld staff " + args[0])
	email := fs.String("email", "", "the person's e-mail address, used to log in")
	name := fs.String("name", "", "the person's name")
	role := fs.String("role", string(domain.RoleStaff), "admin or staff")
	lang := fs.String("lang", locales.Default, "the workspace's language for them: da or en")
	st, closeDB, err := openData(ctx, cfg, log, fs, args[1:], errStaffUsage, nil)
	if err != nil {
		return err
	}
	defer closeDB()
	var acct domain.Staff
	if args[0] == "add" {
		acct, err = addStaff(ctx, st, domain.Staff{Email: domain.NormaliseEmail(*email), Name: strings.TrimSpace(*name),
			Role: domain.Role(*role), Lang: *lang})
	} else {
		acct, err = activeStaff(ctx, st, domain.NormaliseEmail(*email))
	}
	if err != nil {
		return err
	}
	now := time.Now()
	link, expires, err := staff.NewPasswordLink(ctx, st, cfg.BaseURL, acct.ID, now)
	if err == nil {
		err = st.Audit(ctx, store.AuditEntry{Action: domain.AuditPasswordLink, Subject: store.StaffSubject(acct.ID), Addr: "command line"})
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s <%s>, %s.\nSend them this link to set a password. It works once, until %s:\n%s\n",
		acct.Name, acct.Email, acct.Role, expires.Local().Format("2006-01-02 15:04 MST"), link)
	return nil
}

// addStaff checks and creates an account.
func addStaff(ctx context.Context, st *store.Store, a domain.Staff) (domain.Staff, error) {
	var problems []string
	for _, e := range domain.CheckStaffAccount(a.Email, a.Name, a.Role) {
		problems = append(problems, "--"+e.Field)
	}
	if !staffLanguage(a.Lang) {
		problems = append(problems, "--lang")
	}
	if len(problems) > 0 {
		return a, fmt.Errorf("%w\n(check %s)", errStaffUsage, strings.Join(problems, ", "))
	}
	created, err := st.CreateStaff(ctx, a)
	if errors.Is(err, store.ErrDuplicate) {
		return a, fmt.Errorf("there is already an account for %s; use \"tilmeld staff link --email %s\" for a new password link", a.Email, a.Email)
	}
	if err == nil {
		err = st.Audit(ctx, store.AuditEntry{Action: domain.AuditStaffAdded, Subject: store.StaffSubject(created.ID), Addr: "command line"})
	}
	return created, err
}

// activeStaff finds the active account with an e-mail address.
func activeStaff(ctx context.Context, st *store.Store, email string) (domain.Staff, error) {
	a, err := st.StaffByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !a.Active) {
		return a, fmt.Errorf("there is no active account for %q", email)
	}
	return a, err
}

// staffLanguage reports whether the staff pages are written in tag.
func staffLanguage(tag string) bool {
	for _, g := range locales.Groups {
		if g.Name == "staff" {
			_, known := locales.Lookup(tag)
			return known && g.Covers(tag)
		}
	}
	return false
}
