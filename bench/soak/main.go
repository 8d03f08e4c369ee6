// Command soak runs two Tilmeld instances on one database under mixed
// load with faults for a while, then checks that nothing a resident or a
// partner was told has been lost or doubled: sign-ups equal confirmations
// delivered, no activity over capacity, no duplicate reference, no lost
// or doubled Slack message. It is run by bench/soak.sh (see README.md
// beside this file); it is not part of CI.
package main

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	_ "github.com/lib/pq"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	failed, err := run(ctx, os.Args[1:], os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(2)
	}
	if failed > 0 {
		os.Exit(1)
	}
}

// options are the command's flags; bench/soak.sh sets them from its
// environment.
type options struct {
	DB, Bin, Work, PGCtl string
	Duration, Drain      time.Duration
	Residents, Partners  int
	Staff                int
	ReferralEvery        time.Duration // per partner, on average
	StaffEvery           time.Duration // per staff member
	KillEvery            time.Duration // between process faults
	SlackFaultEvery      time.Duration // between Slack faults
	Think                time.Duration // most a resident waits between requests
	OpLimit              time.Duration // how long a resident keeps trying
	Seed                 uint64
	SelfTest             bool // break the results on purpose before the checks
}

func parseOptions(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.StringVar(&o.DB, "db", "", "URL of a fresh, empty database (required)")
	fs.StringVar(&o.Bin, "bin", "", "the tilmeld binary (required)")
	fs.StringVar(&o.Work, "work", os.TempDir(), "folder for the instances' logs")
	fs.StringVar(&o.PGCtl, "pgctl", "", `script run with "stop" or "start" to restart the database; empty: no restarts`)
	fs.DurationVar(&o.Duration, "duration", 10*time.Minute, "how long the load and the faults run")
	fs.DurationVar(&o.Drain, "drain", 4*time.Minute, "how long to wait for the Slack outbox to empty afterwards")
	fs.IntVar(&o.Residents, "residents", 12, "residents signing up at once")
	fs.IntVar(&o.Partners, "partners", 4, "partners referring from Slack")
	fs.IntVar(&o.Staff, "staff", 2, "staff pressing the cards' buttons")
	fs.DurationVar(&o.ReferralEvery, "referral-every", 15*time.Second, "mean time between a partner's Slack actions")
	fs.DurationVar(&o.StaffEvery, "staff-every", 10*time.Second, "mean time between a staff member's button presses")
	fs.DurationVar(&o.KillEvery, "kill-every", 20*time.Second, "mean time between process faults (SIGKILL, database restart)")
	fs.DurationVar(&o.SlackFaultEvery, "slack-fault-every", 20*time.Second, "mean time between Slack faults")
	fs.DurationVar(&o.Think, "think", 20*time.Millisecond, "most a resident waits between requests")
	fs.DurationVar(&o.OpLimit, "op-limit", 30*time.Second, "how long a resident keeps trying to get an answer")
	fs.Uint64Var(&o.Seed, "seed", 0, "random seed (0: from the clock)")
	fs.BoolVar(&o.SelfTest, "selftest", false, "break the results on purpose before the checks, to see them fail")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.DB == "" || o.Bin == "" {
		return o, errors.New("-db and -bin are required")
	}
	if o.Seed == 0 {
		o.Seed = uint64(time.Now().UnixNano())
	}
	return o, nil
}

// Who the fake Slack workspace is.
const (
	team         = "T0SOAK"
	staffChannel = "C0SOAKSTAFF"
	staffPrefix  = "U0SOAKSTAFF"
)

func run(ctx context.Context, args []string, out io.Writer) (int, error) {
	o, err := parseOptions(args)
	if err != nil {
		return 0, err
	}
	db, err := sql.Open("postgres", o.DB)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(4)
	token := "xoxb-soak-" + randomHex(8)
	secret := randomHex(16)
	fake, err := startFakeSlack(token, staffChannel)
	if err != nil {
		return 0, err
	}
	defer fake.close()
	instances, err := newInstances(o, fake, token, secret)
	if err != nil {
		return 0, err
	}
	defer func() {
		for _, in := range instances {
			in.stop()
			in.log.Close()
		}
	}()
	for _, in := range instances {
		if err := in.start(ctx, 90*time.Second); err != nil {
			return 0, fmt.Errorf("%w (log: %s)", err, in.log.Name())
		}
	}
	slugs, err := presentActivities(db)
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(out, "soak: %s of load and faults, seed %d, instances %s and %s, Slack at %s\n",
		o.Duration, o.Seed, instances[0].addr, instances[1].addr, fake.url)

	led := newLedger()
	c := newClient(instances, led)
	flt := &faults{instances: instances, fake: fake, pgctl: o.PGCtl, killEvery: o.KillEvery, slackEvery: o.SlackFaultEvery}
	started := time.Now()
	runLoad(ctx, o, db, c, led, fake, secret, slugs, flt)
	loadTook := time.Since(started)

	fmt.Fprintf(out, "soak: load stopped after %s; waiting up to %s for the Slack outbox to drain\n", loadTook.Round(time.Second), o.Drain)
	if err := recoverAll(ctx, o, instances); err != nil {
		return 0, err
	}
	drainTook := drain(ctx, db, o.Drain)
	fmt.Fprintf(out, "soak: outbox drain took %s; stopping the instances\n", drainTook.Round(time.Second))
	for _, in := range instances {
		if err := in.stop(); err != nil {
			flt.fail("%v", err)
		}
	}
	if o.SelfTest {
		broken, err := injectDefects(db, fake)
		if err != nil {
			return 0, err
		}
		for _, b := range broken {
			fmt.Fprintf(out, "soak: selftest broke on purpose: %s\n", b)
		}
	}
	return report(out, o, db, led, fake, flt, instances, loadTook, drainTook)
}

// runLoad runs residents, partners, staff and the faults until the
// duration is up, and waits for the operations under way to finish.
func runLoad(ctx context.Context, o options, db *sql.DB, c *client, led *ledger, fake *fakeSlack, secret string,
	slugs []weightedSlug, flt *faults) {
	loadCtx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	seeds := rand.New(rand.NewPCG(o.Seed, o.Seed>>1|1))
	res := &residents{c: c, led: led, slugs: slugs, opLimit: o.OpLimit, think: o.Think}
	side := &slackSide{c: c, led: led, fake: fake, secret: secret, team: team, staffChannel: staffChannel, opLimit: o.OpLimit}
	for _, s := range slugs {
		side.targets = append(side.targets, fmt.Sprintf("activity:%d", s.ID))
	}
	var wg sync.WaitGroup
	for range o.Residents {
		seed := seeds.Uint64()
		wg.Go(func() { res.run(loadCtx, seed) })
	}
	for i := range o.Partners {
		seed := seeds.Uint64()
		wg.Go(func() { side.partner(loadCtx, fmt.Sprintf("U0SOAKP%03d", i+1), o.ReferralEvery, seed) })
	}
	for i := range o.Staff {
		seed := seeds.Uint64()
		wg.Go(func() { side.staff(loadCtx, fmt.Sprintf("%s%d", staffPrefix, i+1), o.StaffEvery, db, seed) })
	}
	procSeed, slackSeed := seeds.Uint64(), seeds.Uint64()
	wg.Go(func() { flt.processes(loadCtx, rand.New(rand.NewPCG(procSeed, 1))) })
	wg.Go(func() { flt.slack(loadCtx, rand.New(rand.NewPCG(slackSeed, 2))) })
	wg.Wait()
}

// recoverAll makes sure the database is up and both instances serve before
// the drain: a fault may have been under way when the load stopped.
func recoverAll(ctx context.Context, o options, instances []*instance) error {
	if o.PGCtl != "" {
		if out, err := exec.Command(o.PGCtl, "start").CombinedOutput(); err != nil {
			return fmt.Errorf("start postgres after the run: %v: %s", err, out)
		}
	}
	for _, in := range instances {
		if !in.running() {
			if err := in.start(ctx, 90*time.Second); err != nil {
				return err
			}
		}
	}
	return nil
}

// drain waits until no Slack message is pending, or the limit is up.
func drain(ctx context.Context, db *sql.DB, limit time.Duration) time.Duration {
	start := time.Now()
	quiet := 0
	for time.Since(start) < limit && ctx.Err() == nil && quiet < 3 {
		var pending int
		if err := db.QueryRow(`SELECT count(*) FROM outbox WHERE state = 'pending'`).Scan(&pending); err == nil && pending == 0 {
			quiet++
		} else {
			quiet = 0
		}
		time.Sleep(time.Second)
	}
	return time.Since(start)
}

func newInstances(o options, fake *fakeSlack, token, secret string) ([]*instance, error) {
	key := make([]byte, 32)
	crand.Read(key)
	var out []*instance
	for _, name := range []string{"a", "b"} {
		addr, err := freeAddr()
		if err != nil {
			return nil, err
		}
		logf, err := os.Create(filepath.Join(o.Work, "tilmeld-"+name+".log"))
		if err != nil {
			return nil, err
		}
		env := append(os.Environ(), "DATABASE_URL="+o.DB, "TILMELD_DATA_KEY="+base64.StdEncoding.EncodeToString(key),
			"TILMELD_ADDR="+addr, "TILMELD_BASE_URL=http://"+addr, "TILMELD_LOG_LEVEL=warn",
			// Every resident comes from 127.0.0.1: no per-address limit.
			"TILMELD_SIGNUP_LIMIT=0", "TILMELD_DIGEST_AT=off",
			// Simulated residents send the form the moment it loads.
			"TILMELD_FORM_MIN_AGE=0",
			"SLACK_SIGNING_SECRET="+secret, "SLACK_BOT_TOKEN="+token, "SLACK_STAFF_CHANNEL="+staffChannel,
			"SLACK_API_URL="+fake.apiURL(name))
		out = append(out, &instance{name: name, addr: addr, bin: o.Bin, env: env, log: logf})
	}
	return out, nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// presentActivities is the load's activities that the catalogue has.
func presentActivities(db *sql.DB) ([]weightedSlug, error) {
	var out []weightedSlug
	for _, s := range loadActivities {
		var open bool
		err := db.QueryRow(`SELECT id, signup_open AND NOT archived FROM activities WHERE slug = $1`, s.Slug).Scan(&s.ID, &open)
		if err == nil && open {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("none of the load's activities is in the catalogue; adjust loadActivities")
	}
	return out, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	crand.Read(b)
	return hex.EncodeToString(b)
}
