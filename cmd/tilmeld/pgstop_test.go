package main

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
	"github.com/jmoiron/sqlx"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// The outage: how long PostgreSQL stays stopped, and how soon after it is
// back sign-ups must succeed again, with the same process still serving.
const (
	outage       = 10 * time.Second
	recoveryTime = 15 * time.Second
)

// TestPostgresStoppedUnderLoadAnswersTranslated503sAndRecovers stops the
// service's PostgreSQL server for ten seconds while sixteen residents sign
// up in Danish, English and Arabic. While it is down, /readyz says not
// ready and every sign-up is answered 503 with the "try again in a moment"
// page in the resident's language, never a 500 or Go's error text. Once
// the server is back, the same process takes sign-ups again; every
// confirmation delivered is stored exactly once, and nothing more is.
func TestPostgresStoppedUnderLoadAnswersTranslated503sAndRecovers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the service and stops a PostgreSQL server of its own")
	}
	t.Parallel()
	pg := startPrivatePostgres(t)
	bin := buildService(t)
	var logs syncBuffer
	svc := startServiceLogging(t, bin, &logs, "DATABASE_URL="+pg.url, "TILMELD_DATA_KEY="+storetest.TestKey)

	load := startSignupLoad(svc.base, 16, time.Now().Add(time.Minute), judgeSignupAnswer(t))
	ready := watchReadiness(svc.base)
	if !eventually(10*time.Second, func() bool { return load.confirmed() >= 20 }) {
		answers, _ := load.results()
		t.Fatalf("timed out waiting for 20 confirmations before the outage; %d answers, first problem: %s",
			len(answers), firstProblem(answers))
	}
	pg.stop(t)
	down := time.Now()
	time.Sleep(outage / 2)
	checkPagesDuringOutage(t, svc.base, tryAgainTexts(t))
	checkMetricsServedWithoutDatabase(t, svc.base)
	time.Sleep(time.Until(down.Add(outage)))
	up := time.Now()
	pg.start(t)
	restarted := time.Now()
	load.setGiveUp(restarted.Add(recoveryTime))
	time.Sleep(5 * time.Second)
	load.finish()
	probes := ready.finish()
	answers, givenUp := load.results()
	t.Logf("PostgreSQL down %v, back %v after pg_ctl start; %d answers, %d readiness probes",
		up.Sub(down).Round(time.Millisecond), restarted.Sub(up).Round(time.Millisecond), len(answers), len(probes))

	checkEveryAnswerWas200Or503(t, answers)
	checkOutageAnswers(t, answers, probes, down, up)
	checkRecovery(t, answers, probes, restarted, givenUp)
	checkConfirmationsStoredOnce(t, pg.url, answers)
	if err := svc.cmd.Process.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("the service is gone after the outage: %v", err)
	}
	if bytes.Contains(logs.Bytes(), []byte("panic")) {
		t.Errorf("the service panicked:\n%s", logs.Bytes())
	}
	if t.Failed() {
		t.Logf("service log:\n%s\nPostgreSQL log (tail):\n%s", logs.Bytes(), pg.logTail())
	}
}

// judgeSignupAnswer accepts a confirmation, or the translated "try again in
// a moment" page with status 503 and Retry-After, in the resident's
// language, and nothing else.
func judgeSignupAnswer(t *testing.T) judgeFunc {
	tryAgain := tryAgainTexts(t)
	return func(lang string, res *http.Response, body string) (string, string) {
		for _, leak := range []string{"goroutine ", "panic:", "runtime error", "pq:", "sql:", "dial tcp", "connection refused"} {
			if strings.Contains(body, leak) {
				return "", fmt.Sprintf("status %d page shows %q", res.StatusCode, leak)
			}
		}
		if !strings.Contains(body, `<html lang="`+lang+`"`) {
			return "", fmt.Sprintf("status %d page is not in %s", res.StatusCode, lang)
		}
		switch res.StatusCode {
		case http.StatusOK:
			ref := refInPage.FindStringSubmatch(body)
			if ref == nil || !strings.Contains(body, "/afmeld/") {
				return "", "status 200 without a confirmation and its cancel link"
			}
			return ref[1], ""
		case http.StatusServiceUnavailable:
			for _, text := range tryAgain[lang] {
				if !strings.Contains(body, text) {
					return "", fmt.Sprintf("503 page lacks %q", text)
				}
			}
			if res.Header.Get("Retry-After") == "" {
				return "", "503 without Retry-After"
			}
			return "", ""
		}
		return "", fmt.Sprintf("status %d: %s", res.StatusCode, errorSummary(body))
	}
}

// errorSummary is the text of a form page's error summary, if it has one,
// so that a refused sign-up says which answer was refused.
func errorSummary(body string) string {
	i := strings.Index(body, "error-summary")
	if i < 0 {
		return ""
	}
	s := body[i:min(len(body), i+600)]
	return strings.Join(strings.Fields(tagPattern.ReplaceAllString(s, " ")), " ")
}

var tagPattern = regexp.MustCompile(`<[^>]*>`)

// tryAgainTexts are the title and text of the "try again in a moment" page
// in each language the residents use, as the page shows them.
func tryAgainTexts(t *testing.T) map[string][]string {
	t.Helper()
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, lang := range loadLanguages {
		loc := i18n.NewLocalizer(bundle, lang)
		for _, id := range []string{"error.unavailable.title", "error.unavailable.body"} {
			s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id})
			if err != nil {
				t.Fatalf("%s in %s: %v", id, lang, err)
			}
			out[lang] = append(out[lang], html.EscapeString(s))
		}
	}
	if !strings.Contains(strings.Join(out["en"], " "), "try again in a moment") {
		t.Fatalf("the English page no longer says %q: %v", "try again in a moment", out["en"])
	}
	return out
}

func checkEveryAnswerWas200Or503(t *testing.T, answers []answer) {
	t.Helper()
	bad := 0
	for _, a := range answers {
		if a.problem == "" {
			continue
		}
		if bad++; bad <= 10 {
			t.Errorf("%s sign-up at %s: %s", a.lang, a.start.Format("15:04:05.000"), a.problem)
		}
	}
	if bad > 10 {
		t.Errorf("... %d unacceptable answers in all", bad)
	}
}

// checkOutageAnswers looks at what was asked and answered entirely while
// PostgreSQL was stopped.
func checkOutageAnswers(t *testing.T, answers []answer, probes []probe, down, up time.Time) {
	t.Helper()
	perLang, other := map[string]int{}, map[int]int{}
	for _, a := range answers {
		if a.start.Before(down) || a.end.After(up) {
			continue
		}
		if a.status == http.StatusServiceUnavailable {
			perLang[a.lang]++
		} else {
			other[a.status]++
		}
	}
	if len(other) > 0 {
		t.Errorf("sign-ups during the outage answered other than 503: %v (status: count)", other)
	}
	for _, lang := range loadLanguages {
		if perLang[lang] == 0 {
			t.Errorf("no %s sign-up was answered during the outage: the test did not exercise it (%v)", lang, perLang)
		}
	}
	during := 0
	for _, p := range probes {
		if p.start.Before(down) || p.end.After(up) {
			continue
		}
		during++
		if p.status != http.StatusServiceUnavailable {
			t.Errorf("/readyz during the outage answered %d, want 503", p.status)
		}
	}
	if during == 0 {
		t.Error("/readyz was not asked during the outage")
	}
	t.Logf("during the outage: %v sign-ups answered 503 by language, %d readiness probes", perLang, during)
}

// checkPagesDuringOutage asks for pages other than the sign-up while the
// database is down: /healthz stays up, so nothing restarts the service;
// the home page and a form not seen before (so not cached) are served or
// answered with the "try again" page, in the resident's language.
func checkPagesDuringOutage(t *testing.T, base string, tryAgain map[string][]string) {
	t.Helper()
	if res, err := http.Get(base + "/healthz"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("/healthz during the outage: %v %v; want 200, or the service gets restarted for nothing", res, err)
	} else {
		res.Body.Close()
	}
	for _, path := range []string{"/", "/a/mamamove", "/a/mamamove?lang=en"} {
		lang := "da"
		if strings.HasSuffix(path, "=en") {
			lang = "en"
		}
		res, err := http.Get(base + path)
		if err != nil {
			t.Errorf("GET %s during the outage: %v", path, err)
			continue
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		switch res.StatusCode {
		case http.StatusOK:
		case http.StatusServiceUnavailable:
			for _, text := range tryAgain[lang] {
				if !bytes.Contains(body, []byte(text)) {
					t.Errorf("GET %s during the outage: 503 page lacks %q", path, text)
				}
			}
		default:
			t.Errorf("GET %s during the outage answered %d:\n%.300s", path, res.StatusCode, body)
		}
		t.Logf("GET %s during the outage: %d", path, res.StatusCode)
	}
}

// checkMetricsServedWithoutDatabase wants /metrics to keep serving the
// request counts while the database is down, when they matter most, and
// to leave out only the Slack queue figures it cannot read.
func checkMetricsServedWithoutDatabase(t *testing.T, base string) {
	t.Helper()
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Errorf("/metrics during the outage: %v", err)
		return
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`code="503",method="POST",route="/a/:slug"`)) {
		t.Errorf("/metrics during the outage answered %d without the 503s counted:\n%.600s", res.StatusCode, body)
	}
	for _, leak := range []string{"dial tcp", "connection refused", "pq:"} {
		if bytes.Contains(body, []byte(leak)) {
			t.Errorf("/metrics during the outage shows %q", leak)
		}
	}
}

// checkRecovery wants sign-ups and readiness back within recoveryTime of
// PostgreSQL's restart, and every resident's form confirmed in the end.
func checkRecovery(t *testing.T, answers []answer, probes []probe, restarted time.Time, givenUp []string) {
	t.Helper()
	var firstSignup, firstReady time.Duration = -1, -1
	for _, a := range answers {
		if a.ref != "" && !a.start.Before(restarted) && (firstSignup < 0 || a.end.Sub(restarted) < firstSignup) {
			firstSignup = a.end.Sub(restarted)
		}
	}
	for _, p := range probes {
		if p.status == http.StatusOK && !p.start.Before(restarted) && (firstReady < 0 || p.end.Sub(restarted) < firstReady) {
			firstReady = p.end.Sub(restarted)
		}
	}
	if firstSignup < 0 || firstSignup > recoveryTime {
		t.Errorf("first sign-up confirmed %v after PostgreSQL was back (-1: none); want within %v", firstSignup, recoveryTime)
	}
	if firstReady < 0 || firstReady > recoveryTime {
		t.Errorf("/readyz ready %v after PostgreSQL was back (-1: never); want within %v", firstReady, recoveryTime)
	}
	if len(givenUp) > 0 {
		t.Errorf("%d residents were still told to try again %v after PostgreSQL was back", len(givenUp), recoveryTime)
	}
	t.Logf("after the restart: first confirmation after %v, ready after %v", firstSignup, firstReady)
}

// checkConfirmationsStoredOnce compares the confirmations residents saw
// with the sign-ups stored.
func checkConfirmationsStoredOnce(t *testing.T, dbURL string, answers []answer) {
	t.Helper()
	db, err := sqlx.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The stored idempotency key is a hash bound to the person
	// (domain.BindFormKey): compare by reference. A form stored twice
	// shows as a sign-up nobody saw confirmed.
	var stored []string
	if err := db.Select(&stored, `SELECT reference FROM signups`); err != nil {
		t.Fatal(err)
	}
	byRef := map[string]int{}
	for _, ref := range stored {
		byRef[ref]++
	}
	confirmed := map[string]bool{} // the references residents were shown
	for _, a := range answers {
		if a.ref == "" {
			continue
		}
		if byRef[a.ref] != 1 {
			t.Errorf("confirmation %s was delivered but is stored %d times", a.ref, byRef[a.ref])
		}
		confirmed[a.ref] = true
	}
	for _, ref := range stored {
		if !confirmed[ref] {
			t.Errorf("sign-up %s is stored, but its resident never saw it confirmed", ref)
		}
	}
	t.Logf("%d confirmations delivered, %d sign-ups stored", len(confirmed), len(stored))
}

// firstProblem names what went wrong with the first answer that was not a
// confirmation, so a failing run says why.
func firstProblem(answers []answer) string {
	for _, a := range answers {
		if a.problem != "" {
			return fmt.Sprintf("status %d: %s", a.status, a.problem)
		}
	}
	return "none recorded"
}

// eventually polls cond until it holds or the time is up.
func eventually(within time.Duration, cond func() bool) bool {
	end := time.Now().Add(within)
	for time.Now().Before(end) {
		if cond() {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return cond()
}
