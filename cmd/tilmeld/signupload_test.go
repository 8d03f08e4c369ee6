package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// answer is one sign-up POST as a resident experienced it.
type answer struct {
	lang       string
	token      string // the form's idempotency token
	start, end time.Time
	status     int    // 0: no answer at all
	ref        string // the reference a confirmation showed
	problem    string // why the answer is unacceptable, if it is
}

// signupLoad is a crowd of residents signing up for the job evening at
// once, each in her own language. A resident who is told to try again in
// a moment submits the same form again (same token) until it is confirmed,
// as she would press the button again.
type signupLoad struct {
	base   string
	stamp  string // the form's signed time stamp ("time.signature"), as a loaded form carries it
	judge  judgeFunc
	giveUp atomic.Int64 // unix nanoseconds after which a resident stops retrying her form

	next    atomic.Int64 // numbers residents, for distinct phone numbers
	stop    chan struct{}
	wg      sync.WaitGroup
	mu      sync.Mutex
	answers []answer
	open    []string // tokens never confirmed: given up
}

// loadLanguages are the residents' languages and how each one chooses it:
// Danish by default, English by ?lang=, Arabic by the browser's
// Accept-Language.
var loadLanguages = []string{"da", "en", "ar"}

// judgeFunc says what an answer in lang means: the reference of a
// confirmation, or why the answer is unacceptable.
type judgeFunc func(lang string, res *http.Response, body string) (ref, problem string)

func startSignupLoad(base string, clients int, giveUp time.Time, judge judgeFunc) *signupLoad {
	l := &signupLoad{base: base, stamp: formStamp(base + "/a/jobaften"), judge: judge, stop: make(chan struct{})}
	l.setGiveUp(giveUp)
	for c := range clients {
		l.wg.Add(1)
		go l.resident(loadLanguages[c%len(loadLanguages)])
	}
	return l
}

// setGiveUp says when a resident who keeps being told to try again gives up.
func (l *signupLoad) setGiveUp(at time.Time) { l.giveUp.Store(at.UnixNano()) }

// finish lets every resident complete the form she is on, then stops.
func (l *signupLoad) finish() {
	close(l.stop)
	l.wg.Wait()
}

func (l *signupLoad) resident(lang string) {
	defer l.wg.Done()
	client := &http.Client{Timeout: 10 * time.Second}
	for {
		select {
		case <-l.stop:
			return
		default:
		}
		l.submitUntilConfirmed(client, lang, domain.NewToken(), int(l.next.Add(1)))
	}
}

func (l *signupLoad) submitUntilConfirmed(client *http.Client, lang, token string, n int) {
	for {
		a := l.post(client, lang, token, n)
		l.mu.Lock()
		l.answers = append(l.answers, a)
		l.mu.Unlock()
		switch {
		case a.status == http.StatusOK && a.problem == "":
			time.Sleep(20 * time.Millisecond) // steady load, not a flood
			return
		case a.status != http.StatusServiceUnavailable || a.problem != "":
			time.Sleep(20 * time.Millisecond)
			return // recorded as a problem; nothing sensible to retry
		case time.Now().UnixNano() > l.giveUp.Load():
			l.mu.Lock()
			l.open = append(l.open, token)
			l.mu.Unlock()
			return
		}
		time.Sleep(100 * time.Millisecond) // "try again in a moment"
	}
}

func (l *signupLoad) post(client *http.Client, lang, token string, n int) answer {
	a := answer{lang: lang, token: token, start: time.Now()}
	form := url.Values{"_idem": {token + "." + l.stamp}, "name": {fmt.Sprintf("Beboer %d", n)},
		"phone": {fmt.Sprintf("+45 %08d", 60000000+n)}, "birth_year": {"1985"}, "department": {"fsb-01-29"},
		"consent": {"yes"}}
	target := l.base + "/a/jobaften"
	if lang == "en" {
		target += "?lang=en"
	}
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		a.end, a.problem = time.Now(), err.Error()
		return a
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if lang == "ar" {
		req.Header.Set("Accept-Language", "ar")
	}
	res, err := client.Do(req)
	if err != nil {
		a.end, a.problem = time.Now(), "no answer: "+err.Error()
		return a
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	a.end, a.status = time.Now(), res.StatusCode
	if err != nil {
		a.problem = "answer cut off: " + err.Error()
		return a
	}
	a.ref, a.problem = l.judge(lang, res, string(body))
	return a
}

// results returns every answer so far and the tokens given up on.
func (l *signupLoad) results() ([]answer, []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]answer(nil), l.answers...), append([]string(nil), l.open...)
}

// confirmed counts confirmations delivered so far.
func (l *signupLoad) confirmed() int {
	answers, _ := l.results()
	n := 0
	for _, a := range answers {
		if a.ref != "" {
			n++
		}
	}
	return n
}

var stampInForm = regexp.MustCompile(`name="_idem" value="[^".]*\.([^"]*)"`)

// formStamp loads the form once, as each resident's browser did, and
// returns the signed time stamp its hidden field carries; the service
// runs with TILMELD_FORM_MIN_AGE=0, so it is fresh at once. "" if the
// form could not be loaded: every POST is then refused, and says so.
func formStamp(formURL string) string {
	res, err := http.Get(formURL)
	if err != nil {
		return ""
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if m := stampInForm.FindSubmatch(body); m != nil {
		return string(m[1])
	}
	return ""
}
