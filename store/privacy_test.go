package store_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/crypt"
	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/pglocal"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
)

// The test person: what must never be readable in the database.
const (
	secretName  = "Testperson Hemmelighed"
	secretPhone = "+4531313131"
	secretNote  = "Har brug for tolk på somali"
)

// secretBits are the forms the test person's details could show up in.
var secretBits = []string{secretName, "Hemmelighed", secretPhone, "31313131", "31 31 31 31", secretNote, "tolk på somali"}

// personSignup is the test person's sign-up with a note on it.
func personSignup(t *testing.T, st *store.Store, a domain.Activity, key string) domain.Signup {
	t.Helper()
	ctx := context.Background()
	res, err := st.CreateSignup(ctx, domain.Signup{ActivityID: a.ID, IdempotencyKey: key, Name: secretName,
		Phone: secretPhone, Department: "fsb-01-29", Age: ip(34),
		Answers: domain.Answers{"name": secretName, "phone": secretPhone, "consent": true}, Lang: "so",
		ConsentVersion: domain.ConsentVersion, ConsentedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSignupNote(ctx, res.Signup.ID, secretNote, store.Actor{}); err != nil {
		t.Fatal(err)
	}
	return res.Signup
}

func personReferral(t *testing.T, st *store.Store, target domain.Target, key string) domain.Referral {
	t.Helper()
	r := newReferral(target.ActivityID, key)
	r.Target, r.FirstName, r.Phone, r.Note = target, "Hemmelighed", secretPhone, secretNote
	res, err := st.CreateReferral(context.Background(), r, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.Referral
}

func TestPersonalFieldsAreSealedInTheDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "mamamove", nil)
	su := personSignup(t, st, a, "k1")
	ref := personReferral(t, st, domain.Target{ActivityID: a.ID}, "view:V1")
	var raw []string
	if err := st.DB().Select(&raw, `SELECT name || phone || answers || note FROM signups
		UNION ALL SELECT first_name || phone || note FROM referrals`); err != nil {
		t.Fatal(err)
	}
	for _, row := range raw {
		for _, bit := range secretBits {
			if strings.Contains(row, bit) {
				t.Fatalf("%q is readable in a stored row: %s", bit, row)
			}
		}
	}
	got, err := st.StaffSignupByID(ctx, su.ID)
	if err != nil || got.Name != secretName || got.Phone != secretPhone || got.Note != secretNote || got.Answers.String("name") != secretName {
		t.Fatalf("read back %+v, %v", got, err)
	}
	back, err := st.ReferralByID(ctx, ref.ID)
	if err != nil || back.FirstName != "Hemmelighed" || back.Phone != secretPhone || back.Note != secretNote {
		t.Fatalf("referral read back %+v, %v", back, err)
	}
	// Without the key nothing personal can be read, and nothing written.
	bare, err := store.Open(ctx, storetest.ServerURL())
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()
	if _, err := bare.CreateReferral(ctx, newReferral(a.ID, "view:V2"), nil); !errors.Is(err, store.ErrNoKey) {
		t.Fatalf("a store with no key wrote a referral: %v", err)
	}
}

// TestDatabaseDumpHoldsNoNameOrPhone runs pg_dump on a database with a
// full sign-up and referral in it: a stolen dump must expose no one.
func TestDatabaseDumpHoldsNoNameOrPhone(t *testing.T) {
	t.Parallel()
	pgDump, err := pglocal.FindProgram("pg_dump")
	if err != nil {
		// CI installs PostgreSQL (scripts/test.sh); a developer may not have.
		if os.Getenv("CI") != "" {
			t.Fatal("pg_dump is not installed")
		}
		t.Skip("pg_dump is not installed")
	}
	ctx := context.Background()
	dbURL := storetest.NewDatabase(t)
	st, err := store.Open(ctx, dbURL, storetest.WithKeys())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a := newActivity(t, st, "mamamove", nil)
	su := personSignup(t, st, a, "k1")
	personReferral(t, st, domain.Target{OfferKey: "beboerraadgivning"}, "view:V1")
	if _, err := st.ChangeSignupStatus(ctx, store.SignupStatusChange{SignupID: su.ID, To: domain.StatusNoShow, By: store.Actor{}}); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(ctx, pgDump, "--dbname="+dbURL, "--no-owner").CombinedOutput()
	if err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	dump := string(out)
	if !strings.Contains(dump, su.Reference) || !strings.Contains(dump, "tk1:") {
		t.Fatalf("the dump lacks the sign-up: is it a dump of the right database?\n%.2000s", dump)
	}
	for _, bit := range secretBits {
		if strings.Contains(dump, bit) {
			t.Errorf("the dump holds %q in clear text", bit)
		}
	}
}

func TestConsentTextsAreKeptAsAgreedPerVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	v1 := []store.ConsentText{{MessageID: "consent.signup.text", Version: "v1", Lang: "da", Text: "Vi gemmer det."}}
	if err := st.RecordConsentTexts(ctx, v1); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordConsentTexts(ctx, v1); err != nil {
		t.Fatalf("recording the same wording again: %v", err)
	}
	changed := []store.ConsentText{{MessageID: "consent.signup.text", Version: "v1", Lang: "da", Text: "Vi gemmer alt."}}
	if err := st.RecordConsentTexts(ctx, changed); !errors.Is(err, store.ErrConsentChanged) {
		t.Fatalf("a changed wording under the same version: %v", err)
	}
	changed[0].Version = "v2"
	if err := st.RecordConsentTexts(ctx, changed); err != nil {
		t.Fatal(err)
	}
	texts, err := st.ConsentTexts(ctx, "v1", "da", []string{"consent.signup.text"})
	if err != nil || texts["consent.signup.text"] != "Vi gemmer det." {
		t.Fatalf("version 1 reads %v, %v", texts, err)
	}
	if _, err := st.DB().Exec(`UPDATE consent_texts SET text = 'x'`); err == nil {
		t.Fatal("a recorded consent text was changed")
	}
}

func TestKeyRotationReSealsEveryRowUnderTheNewKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := storetest.NewDatabase(t)
	oldKey, _ := crypt.ParseKey(crypt.GenerateKey())
	newKey, _ := crypt.ParseKey(crypt.GenerateKey())
	before, err := store.Open(ctx, dbURL, store.WithKeys(crypt.NewKeyring(oldKey)))
	if err != nil {
		t.Fatal(err)
	}
	defer before.Close()
	if err := before.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a := newActivity(t, before, "mamamove", nil)
	su := personSignup(t, before, a, "k1")
	signUp(t, before, a, 3)
	personReferral(t, before, domain.Target{ActivityID: a.ID}, "view:V1")
	// A row from before encryption existed is sealed by the rotation too.
	if _, err := before.DB().Exec(`UPDATE signups SET name = 'Testperson Gammel' WHERE id = $1`, su.ID+1); err != nil {
		t.Fatal(err)
	}
	during, err := store.Open(ctx, dbURL, store.WithKeys(crypt.NewKeyring(newKey, oldKey)))
	if err != nil {
		t.Fatal(err)
	}
	defer during.Close()
	res, err := during.RotateKeys(ctx, 2) // small batches: the loop must go round
	if err != nil || res.Signups != 4 || res.Referrals != 1 {
		t.Fatalf("rotation: %+v, %v", res, err)
	}
	prefix := "tk1:" + newKey.ID() + ":"
	var stale int
	if err := during.DB().Get(&stale, `SELECT count(*) FROM signups WHERE name NOT LIKE $1 || '%' OR phone NOT LIKE $1 || '%'
		OR answers NOT LIKE $1 || '%'`, prefix); err != nil || stale != 0 {
		t.Fatalf("%d sign-ups not under the new key (%v)", stale, err)
	}
	after, err := store.Open(ctx, dbURL, store.WithKeys(crypt.NewKeyring(newKey)))
	if err != nil {
		t.Fatal(err)
	}
	defer after.Close()
	p, err := after.FindPerson(ctx, secretPhone)
	if err != nil || len(p.Signups) != 1 || p.Signups[0].Note != secretNote || len(p.Referrals) != 1 {
		t.Fatalf("with the new key alone: %+v, %v", p, err)
	}
	list, err := after.ListSignups(ctx, a.ID, "gammel")
	if err != nil || len(list) != 1 {
		t.Fatalf("the formerly unsealed row: %+v, %v", list, err)
	}
	// She signs up again: the dedupe finds her number by the new hash,
	// and her name under the new key.
	if _, err := after.CreateSignup(ctx, domain.Signup{ActivityID: a.ID, IdempotencyKey: "k9", Name: secretName, Phone: secretPhone,
		Answers: domain.Answers{}, Lang: "da", ConsentVersion: domain.ConsentVersion, ConsentedAt: time.Now()}); !errors.Is(err, store.ErrAlreadySigned) {
		t.Fatalf("a second sign-up with the same phone after rotation: %v", err)
	}
	if n := len(auditLines(t, after, domain.AuditKeysRotated, "")); n != 1 {
		t.Fatalf("%d rotation audit lines", n)
	}
}

func auditLines(t *testing.T, st *store.Store, action, subject string) []store.AuditLine {
	t.Helper()
	lines, err := st.AuditLog(context.Background(), subject, action, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

func TestAuditPageFiltersByPersonAndStaffAndPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	a := newActivity(t, st, "mamamove", nil)
	su := personSignup(t, st, a, "k1")
	others := signUp(t, st, a, 2)
	kim, err := st.CreateStaff(ctx, domain.Staff{Email: "kim@example.dk", Name: "Kim", Role: domain.RoleStaff, Lang: "da"})
	if err != nil {
		t.Fatal(err)
	}
	by := store.Actor{StaffID: kim.ID, Addr: "10.0.0.1"}
	for range 5 {
		st.Audit(ctx, by.Entry(domain.AuditSignupView, store.SignupSubject(su.ID), nil))
	}
	st.Audit(ctx, by.Entry(domain.AuditSignupView, store.SignupSubject(others[0].ID), nil))
	st.Audit(ctx, store.Actor{}.Entry(domain.AuditPersonSearch, "", map[string]any{"subjects": []string{store.SignupSubject(su.ID)}}))

	subjects, err := st.AuditSubjects(ctx, "31 31 31 31")
	if err != nil || !slices.Equal(subjects, []string{store.SignupSubject(su.ID)}) {
		t.Fatalf("subjects of her phone: %v, %v", subjects, err)
	}
	if bySub, _ := st.AuditSubjects(ctx, strings.ToLower(su.Reference)); !slices.Equal(bySub, subjects) {
		t.Fatalf("subjects of her reference: %v", bySub)
	}
	hers, err := st.AuditPage(ctx, store.AuditFilter{Subjects: subjects, Limit: 100})
	if err != nil || len(hers) != 7 { // 5 views, the note, and the search that named her
		t.Fatalf("lines about her: %d, %v", len(hers), err)
	}
	first, _ := st.AuditPage(ctx, store.AuditFilter{StaffID: kim.ID, Limit: 4})
	second, _ := st.AuditPage(ctx, store.AuditFilter{StaffID: kim.ID, Limit: 4, Before: first[len(first)-1].ID})
	if len(first) != 4 || len(second) != 2 || second[0].ID >= first[3].ID {
		t.Fatalf("pages by Kim: %d then %d", len(first), len(second))
	}
}

func TestReferralChangesAreAudited(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.New(t)
	ref := personReferral(t, st, domain.Target{OfferKey: "beboerraadgivning"}, "view:V1")
	_, err := st.ChangeReferralStatus(ctx, ref.ID, store.StatusUpdate{Change: domain.StatusChange{To: domain.ReferralAccepted},
		By: domain.Actor{Kind: domain.ActorSlack, ID: "U0STAFF"}, At: time.Now()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	created := auditLines(t, st, domain.AuditReferralCreated, store.ReferralSubject(ref.ID))
	changed := auditLines(t, st, domain.AuditReferralStatus, store.ReferralSubject(ref.ID))
	if len(created) != 1 || len(changed) != 1 || changed[0].Detail["to"] != "accepted" || changed[0].Detail["actor"] != "slack:U0STAFF" {
		t.Fatalf("audit: created %+v, changed %+v", created, changed)
	}
}
