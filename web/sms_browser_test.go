package web_test

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beboerprojekt-nordvest/tilmeld/locales"
	"github.com/beboerprojekt-nordvest/tilmeld/notify"
	"github.com/beboerprojekt-nordvest/tilmeld/queue"
	"github.com/beboerprojekt-nordvest/tilmeld/sms"
	"github.com/beboerprojekt-nordvest/tilmeld/sms/smstest"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/beboerprojekt-nordvest/tilmeld/store/storetest"
	"github.com/beboerprojekt-nordvest/tilmeld/web"
	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/browsertest"
	"github.com/chromedp/chromedp"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestArabicSMSLinkOpensHerPageInArabicInAFreshBrowser is issue 12's
// browser test: she signs up in Arabic on a phone, her confirmation SMS
// reaches the (fake) gateway through the queue worker as in production,
// and its short link, opened in another browser with no cookies and an
// English browser language, shows her own page in Arabic.
func TestArabicSMSLinkOpensHerPageInArabicInAFreshBrowser(t *testing.T) {
	execPath := browsertest.ChromePath(t)
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	t.Cleanup(cancel)
	site, gw := startSMSBrowserSite(t, ctx)

	tab := browsertest.OpenPhone(t, ctx, execPath)
	browsertest.OpenPage(t, tab, site.URL+"/a/mamamove?lang=ar")
	// The tick is there, ticked, and a screen reader names it by its label.
	tick := browsertest.JS[string](t, tab, "read the SMS tick", `(() => {
		const b = document.getElementById("f-sms");
		return b ? b.type + " " + b.checked + " " + b.labels.length + " " + b.labels[0].textContent : "";
	})()`)
	if !strings.HasPrefix(tick, "checkbox true 1 أرسلوا لي رسائل SMS") {
		t.Fatalf("the SMS tick reads %q, want a ticked box with its Arabic label", tick)
	}
	fillMamaMove(t, tab, mamaMoveAnswers{Name: "Testperson Alfa", Phone: "٢٢٣٣٤٤٥٥", Children: "٢"})
	if status := browsertest.SubmitForm(t, tab); status != http.StatusOK {
		t.Fatalf("sign-up: status %d", status)
	}
	ref := strings.TrimSpace(browsertest.Value(t, tab, "read the reference", chromedp.Text(chromedp.CSS(".ref"))))

	m := awaitSMS(t, ctx, gw, "+4522334455")
	if m.Encoding != "UCS2" || !strings.Contains(m.Text, "تم تسجيلك") || !strings.Contains(m.Text, ref) {
		t.Fatalf("SMS %q (encoding %q): want Arabic, with her reference %s", m.Text, m.Encoding, ref)
	}
	host := strings.TrimPrefix(site.URL, "http://")
	link := regexp.MustCompile(regexp.QuoteMeta(host) + `/m/[a-z0-9]{8}`).FindString(m.Text)
	if link == "" {
		t.Fatalf("SMS has no short link on %s: %q", host, m.Text)
	}

	fresh := browsertest.OpenPhone(t, ctx, execPath) // a browser of its own, with its own empty profile
	if lang := browsertest.JS[string](t, fresh, "read the browser's language", `navigator.language`); strings.HasPrefix(lang, "ar") {
		t.Fatalf("the fresh browser speaks %q: the test would prove nothing", lang)
	}
	browsertest.OpenPage(t, fresh, "http://"+link)
	if got := browsertest.JS[string](t, fresh, "read <html lang dir>", `document.documentElement.lang + " " + document.documentElement.dir`); got != "ar rtl" {
		t.Errorf(`her page has <html lang dir> %q, want "ar rtl"`, got)
	}
	checkDirection(t, fresh, "rtl")
	title := activityTitle(t, site.st, "mamamove", "ar")
	body := browsertest.JS[string](t, fresh, "read her page", `document.body.innerText`)
	if !strings.Contains(body, title) || !strings.Contains(body, ref) {
		t.Errorf("her page lacks the Arabic title %q or her reference %s:\n%s", title, ref, body)
	}
	saveViewport(t, fresh, filepath.Join(t.TempDir(), "sms-link-ar-360x640.png"))
}

// startSMSBrowserSite serves the site with SMS on, as tilmeld serve runs
// it, and a queue worker that hands SMS to a fake GatewayAPI, both
// stopped with the test.
func startSMSBrowserSite(t *testing.T, ctx context.Context) (*browserSite, *smstest.Server) {
	t.Helper()
	st := storetest.New(t)
	if _, err := st.SeedActivities(ctx, testPlan(t).Activities); err != nil {
		t.Fatalf("seed catalogue: %v", err)
	}
	if err := st.SetSMSEnabled(ctx, true); err != nil {
		t.Fatal(err)
	}
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	h, err := web.New(st, testPlan(t), bundle, quiet, web.Config{BaseURL: base, SMS: true, SendLink: st.QueueLinkSMS})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)

	gw := smstest.New(t)
	tz, _ := time.LoadLocation("Europe/Copenhagen")
	r := notify.Renderer{Store: st, Bundle: bundle, BaseURL: base, Plan: "Nordvest", Contact: "+45 38 12 34 56", TZ: tz}
	w := queue.New(st, quiet, queue.Options{Poll: 100 * time.Millisecond},
		&queue.SMS{Sender: sms.GatewayAPI{URL: gw.URL, Token: smstest.Token, Sender: "Nordvest"}, Log: quiet, Render: r.Render})
	wctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); w.Run(wctx) }()
	t.Cleanup(func() { stop(); <-done })
	return &browserSite{URL: srv.URL, st: st}, gw
}

// awaitSMS waits for the first message to a number at the gateway.
func awaitSMS(t *testing.T, ctx context.Context, gw *smstest.Server, to string) smstest.Message {
	t.Helper()
	for {
		if got := gw.To(to); len(got) > 0 {
			return got[0]
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no SMS to %s reached the gateway", to)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// activityTitle is an activity's title in a language, as stored.
func activityTitle(t *testing.T, st *store.Store, slug, lang string) string {
	t.Helper()
	a, err := st.ActivityBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	title := a.Texts.Title.In(lang)
	if title == "" || title == a.Texts.Title.In("da") {
		t.Fatalf("%s has no %s title of its own", slug, lang)
	}
	return title
}

// saveViewport keeps what the phone's screen shows, at 360×640 pixels.
func saveViewport(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	browsertest.Step(t, ctx, "one pixel per CSS pixel",
		chromedp.EmulateViewport(browsertest.PhoneWidth, browsertest.PhoneHeight, chromedp.EmulateScale(1), chromedp.EmulateMobile))
	b := browsertest.Value(t, ctx, "take screenshot", chromedp.CaptureScreenshot())
	img, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if img.Width != browsertest.PhoneWidth || img.Height != browsertest.PhoneHeight {
		t.Errorf("screenshot is %d×%d, want %d×%d", img.Width, img.Height, browsertest.PhoneWidth, browsertest.PhoneHeight)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// TestSignupFormWithTheSMSTickHasNoAxeViolations audits the form as it is
// while SMS is on, in every language, before and after an error: the tick
// must have its label, and the page no other fault.
func TestSignupFormWithTheSMSTickHasNoAxeViolations(t *testing.T) {
	axe := axeSource(t)
	execPath := browsertest.ChromePath(t)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	t.Cleanup(cancel)
	site, _ := startSMSBrowserSite(t, ctx)
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	tab := browsertest.OpenPhone(t, ctx, execPath)
	for _, l := range locales.Languages {
		a := &auditor{t: t, tab: tab, axe: axe, lang: l, msgs: i18n.NewLocalizer(bundle, l.Tag)}
		a.open("form with the SMS tick", site.URL+"/a/mamamove?lang="+l.Tag, http.StatusOK)
		if !browsertest.JS[bool](t, tab, "find the SMS tick", `!!document.querySelector("#f-sms:checked")`) {
			t.Fatalf("%s: the form has no ticked SMS box", l.Tag)
		}
		a.submit("form with errors and the SMS tick", http.StatusUnprocessableEntity)
	}
}
