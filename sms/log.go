package sms

import (
	"context"
	"log/slog"
	"strings"
)

// Log is the sender for local use (TILMELD_SMS=log): it writes a line
// for each message instead of sending it. Logs must never carry personal
// data, so the line shows only the number's last two digits and the
// text's length, encoding and parts.
type Log struct{ Logger *slog.Logger }

// Send logs the message and accepts it.
func (l Log) Send(_ context.Context, m Message) (Result, error) {
	s := Count(m.Text)
	l.Logger.Info("sms (not sent: TILMELD_SMS=log)", "to", MaskNumber(m.To), "ref", m.Ref,
		"chars", len([]rune(m.Text)), "encoding", string(s.Encoding), "parts", s.Parts)
	return Result{ID: "log-" + m.Ref, Parts: s.Parts}, nil
}

// MaskNumber hides all but a number's country prefix and last two digits.
func MaskNumber(n string) string {
	if len(n) <= 5 {
		return strings.Repeat("•", len(n))
	}
	return n[:3] + strings.Repeat("•", len(n)-5) + n[len(n)-2:]
}
