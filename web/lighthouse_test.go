package web_test

import (
	"context"
	"github.com/beboerprojekt-nordvest/tilmeld/web/internal/browsertest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestMamaMoveFormPassesLighthouse runs scripts/lighthouse.sh (Lighthouse
// 12.2.3, mobile settings, real Chromium) against the MamaMove form served
// from a fresh database with SMS on, as in production, so the SMS tick is
// audited too: accessibility and best practices must score 100,
// performance at least 95. The report is kept in artifacts/lighthouse/.
func TestMamaMoveFormPassesLighthouse(t *testing.T) {
	if _, err := os.Stat(filepath.Join("..", "node_modules", ".bin", "lighthouse")); err != nil {
		const msg = "Lighthouse is not installed: run npm ci at the repository root"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	browsertest.ChromePath(t) // skips or fails as the other browser tests do
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	site, _ := startSMSBrowserSite(t, ctx)
	// The script works from the repository's root, so the report folder is
	// given whole: a relative one landed beside the checkout.
	reports, err := filepath.Abs(filepath.Join("..", "artifacts", "lighthouse"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, "bash", filepath.Join("..", "scripts", "lighthouse.sh"), site.URL+"/a/mamamove")
	cmd.Env = append(os.Environ(), "LIGHTHOUSE_OUT="+reports)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("scripts/lighthouse.sh: %v", err)
	}
}
