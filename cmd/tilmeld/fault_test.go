package main

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
	"github.com/jmoiron/sqlx"
)

// service is a `tilmeld serve` process under test.
type service struct {
	cmd  *exec.Cmd
	base string
}

// buildService compiles the command once for the test.
func buildService(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tilmeld")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func startService(t *testing.T, bin string, env ...string) *service {
	t.Helper()
	return startServiceLogging(t, bin, io.Discard, env...)
}

// startServiceLogging starts the service with its log going to logs.
func startServiceLogging(t *testing.T, bin string, logs io.Writer, env ...string) *service {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), append([]string{"TILMELD_ADDR=" + addr, "TILMELD_BASE_URL=http://" + addr,
		"TILMELD_SIGNUP_LIMIT=0", "TILMELD_FORM_MIN_AGE=0", "TILMELD_LOG_LEVEL=error"}, env...)...)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	s := &service{cmd: cmd, base: "http://" + addr}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(s.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
	}
	t.Fatal("tilmeld serve did not become ready")
	return nil
}

var (
	idemInPage = regexp.MustCompile(`name="_idem" value="([^"]+)"`)
	refInPage  = regexp.MustCompile(`<p class="ref" dir="ltr">([A-Z0-9]{6})</p>`)
)

// signUp fetches the form and submits it; it returns the reference the
// confirmation page showed, or "" if no confirmation arrived.
func signUp(client *http.Client, base string, i int) string {
	res, err := client.Get(base + "/a/jobaften")
	if err != nil {
		return ""
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := idemInPage.FindSubmatch(page)
	if m == nil {
		return ""
	}
	form := url.Values{"_idem": {string(m[1])}, "name": {fmt.Sprintf("Testperson %d", i)},
		"phone": {fmt.Sprintf("+45 %08d", 50000000+i)}, "birth_year": {"1990"}, "department": {"fsb-01-29"},
		"consent": {"yes"}}
	res, err = client.PostForm(base+"/a/jobaften", form)
	if err != nil {
		return ""
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		return ""
	}
	if r := refInPage.FindSubmatch(body); r != nil {
		return string(r[1])
	}
	return ""
}

// TestKillDuringSignupsLosesNoConfirmedSignup kills the service with
// SIGKILL in the middle of a stream of sign-ups: every sign-up whose
// confirmation page was delivered is in the database, none twice, and a
// new process serves again.
func TestKillDuringSignupsLosesNoConfirmedSignup(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the service")
	}
	t.Parallel()
	bin := buildService(t)
	dbURL := storetest.NewDatabase(t)
	key := make([]byte, 32)
	rand.Read(key)
	env := []string{"DATABASE_URL=" + dbURL, "TILMELD_DATA_KEY=" + base64.StdEncoding.EncodeToString(key)}
	svc := startService(t, bin, env...)
	if !strings.Contains(fieldsOf(t, svc.base), "birth_year") {
		t.Skip("the jobaften form changed; adjust signUp")
	}

	var mu sync.Mutex
	var delivered []string
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 5 * time.Second}
			for i := w; ; i += 8 {
				select {
				case <-stop:
					return
				default:
				}
				if ref := signUp(client, svc.base, i); ref != "" {
					mu.Lock()
					delivered = append(delivered, ref)
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	if err := svc.cmd.Process.Kill(); err != nil { // SIGKILL: no draining, no goodbye
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	if len(delivered) < 10 {
		t.Fatalf("only %d confirmations before the kill: the stream did not run", len(delivered))
	}

	db, err := sqlx.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var stored []string
	if err := db.Select(&stored, `SELECT reference FROM signups`); err != nil {
		t.Fatal(err)
	}
	have := map[string]int{}
	for _, r := range stored {
		have[r]++
	}
	for _, r := range delivered {
		if have[r] != 1 {
			t.Errorf("confirmation %s was delivered but is stored %d times", r, have[r])
		}
	}
	// Every form carries its own idempotency token: more rows than tokens
	// would be a sign-up stored twice.
	var twice int
	if err := db.Get(&twice, `SELECT count(*) - count(DISTINCT idempotency_key) FROM signups`); err != nil || twice != 0 {
		t.Errorf("%d sign-ups stored twice (%v)", twice, err)
	}
	t.Logf("%d confirmations delivered before SIGKILL, %d sign-ups stored", len(delivered), len(stored))

	again := startService(t, bin, env...)
	if ref := signUp(&http.Client{Timeout: 5 * time.Second}, again.base, 999999); ref == "" {
		t.Fatal("the restarted service does not take sign-ups")
	}
}

func fieldsOf(t *testing.T, base string) string {
	res, err := http.Get(base + "/a/jobaften")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}
