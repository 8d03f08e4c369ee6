// Package browsertest drives real Chromium at a phone's size for the
// browser tests of web and web/staff: finding the browser, opening a
// phone-sized tab, and running steps that fail the test with their name.
// It is shared so both packages' tests use one copy.
package browsertest

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const (
	// StepTimeout bounds one step, so a missing element fails with the
	// step's name rather than the test's deadline.
	StepTimeout = 15 * time.Second
	// A small Android phone: the narrowest screen residents commonly use.
	PhoneWidth, PhoneHeight = 360, 640
)

// ChromePath finds Chromium: CHROME_PATH as scripts/test.sh exports it, or
// the usual names. Without one the test skips on a developer's machine but
// fails in CI, which must run it.
func ChromePath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p // a wrong CHROME_PATH should fail loudly, not skip
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const msg = "no Chromium found: install it (apt-get install chromium) or set CHROME_PATH"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// OpenPhone starts a headless Chromium of its own and returns a tab sized
// and flagged as a phone, so the page's mobile viewport rules apply.
func OpenPhone(t *testing.T, ctx context.Context, execPath string) context.Context {
	t.Helper()
	// The defaults already run headless with --no-first-run,
	// --disable-background-networking and --disable-sync.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.NoSandbox, // the tests may run as root, where the sandbox refuses to start
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)
	// The first run starts the browser, so it gets no step timeout.
	err := chromedp.Do(tab, chromedp.EmulateViewport(PhoneWidth, PhoneHeight, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	if err != nil {
		t.Fatalf("start Chromium %s: %v", execPath, err)
	}
	return tab
}

// OpenPage loads a page and fails the test unless it answers 200.
func OpenPage(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	resp := Value(t, ctx, "open "+url, chromedp.NavigateResponse(url))
	if resp.Status != http.StatusOK {
		t.Fatalf("open %s: status %d", url, resp.Status)
	}
}

// SubmitForm taps the form's button and waits for the page it leads to,
// returning that page's HTTP status.
func SubmitForm(t *testing.T, ctx context.Context) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, StepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	if err != nil {
		t.Fatalf("submit the form: %v", err)
	}
	return resp.Status
}

// SaveScreenshot keeps a full-page picture in artifacts/browser/ at the
// repository root (found from the test's folder), for a person to look at
// after the run.
func SaveScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := Value(t, ctx, "take screenshot "+name, chromedp.FullScreenshot(100)) // 100 means PNG
	dir := filepath.Join(repoRoot(t), "artifacts", "browser")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// repoRoot is the nearest folder above the test's own with a go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = up
	}
}

// Step runs browser actions, failing the test with the step's name.
func Step(t *testing.T, ctx context.Context, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	Value(t, ctx, name, chromedp.Steps(actions...))
}

// Value runs one browser action and returns its value, failing the test
// with the step's name.
func Value[T any](t *testing.T, ctx context.Context, name string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// JS evaluates a JavaScript expression in the page.
func JS[T any](t *testing.T, ctx context.Context, name, expr string) T {
	t.Helper()
	return Value(t, ctx, name, chromedp.Evaluate[T](expr))
}

// Run runs one browser action within StepTimeout and returns its value.
func Run[T any](ctx context.Context, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, StepTimeout)
	defer cancel()
	return chromedp.Run(ctx, a)
}
