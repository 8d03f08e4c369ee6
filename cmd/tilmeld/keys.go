package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/beboerprojekt-nordvest/tilmeld/crypt"
)

var errKeysUsage = fmt.Errorf("%w\n  tilmeld keys new\n  tilmeld keys rotate [--batch N]", errUsage)

// keysCommand manages the data key: "new" prints a fresh key for
// TILMELD_DATA_KEY; "rotate" re-seals every personal field with the key
// in TILMELD_DATA_KEY, opening old values with the keys in
// TILMELD_DATA_KEY_OLD, batch rows at a time while the service runs.
func keysCommand(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errKeysUsage
	}
	switch args[0] {
	case "new":
		fmt.Fprintln(stdout, crypt.GenerateKey())
		return nil
	case "rotate":
		return rotateKeys(ctx, cfg, log, args[1:], stdout)
	}
	return errKeysUsage
}

func rotateKeys(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := newFlags("tilmeld keys rotate")
	batch := fs.Int("batch", 500, "rows per transaction")
	st, closeDB, err := openData(ctx, cfg, log, fs, args, errKeysUsage, func() error {
		switch {
		case *batch < 1:
			return errKeysUsage
		case cfg.Privacy.DataKey == "" && cfg.DatabaseURL != "":
			return errNoDataKey
		}
		return nil
	})
	if err != nil {
		return err
	}
	defer closeDB()
	res, err := st.RotateKeys(ctx, *batch)
	if err != nil {
		return fmt.Errorf("rotate keys (after %d sign-ups and %d referrals): %w", res.Signups, res.Referrals, err)
	}
	fmt.Fprintf(stdout, "Re-encrypted %d sign-ups, %d referrals, %d staff reasons and %d queued SMS with key %s;\n"+
		"%d sign-ups got a cancel link derived under it (their old links keep working).\n"+
		"Every row is now sealed with TILMELD_DATA_KEY: remove TILMELD_DATA_KEY_OLD and restart the service.\n",
		res.Signups, res.Referrals, res.Reasons, res.SMS, st.KeyID(), res.Tokens)
	return nil
}
