package web_test

import (
	"context"
	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/browsertest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// sharedBrowser is one headless Chromium for all the subtests of a test:
// starting Chromium costs a second or two and much memory, a tab little.
type sharedBrowser struct {
	ctx context.Context // the browser's first tab; new tabs open from it
}

// startSharedBrowser starts the site and one phone-sized Chromium, both
// ended with the test, which gets at most timeout.
func startSharedBrowser(t *testing.T, timeout time.Duration) (*sharedBrowser, *browserSite) {
	t.Helper()
	execPath := browsertest.ChromePath(t)
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	t.Cleanup(cancel)
	site := startBrowserSite(t, ctx)
	return &sharedBrowser{ctx: browsertest.OpenPhone(t, ctx, execPath)}, site
}

// phoneTab opens a new 360×640 tab, closed when the (sub)test ends.
func (b *sharedBrowser) phoneTab(t *testing.T) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	err := chromedp.Do(tab, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	if err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return tab
}
