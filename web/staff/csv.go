package staff

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strings"
)

// csvTable writes rows the way Danish Excel opens them without asking:
// UTF-8 with a byte-order mark, and ";" between cells (the comma is the
// decimal separator there).
func csvTable(rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	w.UseCRLF = true
	for _, r := range rows {
		safe := make([]string, len(r))
		for i, cell := range r {
			safe[i] = csvSafe(cell)
		}
		if err := w.Write(safe); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// csvSafe stops a cell from being read as a formula by a spreadsheet: a
// name typed as "=HYPERLINK(...)" by someone signing up must stay text.
// Such cells get a leading apostrophe, which spreadsheets show as text.
// A phone number written as csvPhone writes it is left alone: digits and
// spaces after the "+" cannot call anything, and the spaces already keep
// it text, so staff see no stray apostrophe.
func csvSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && !spacedPhone.MatchString(cell) {
		return "'" + cell
	}
	return cell
}

// spacedPhone is a phone number as csvPhone writes it.
var spacedPhone = regexp.MustCompile(`^\+[0-9]{1,3}( [0-9]{1,4})+$`)

// csvPhone writes a stored phone number (+4540123400) with spaces, as
// "+45 40 12 34 00": spreadsheets keep that as text, where the bare
// number would become 4540123400. A number from abroad gets a space after
// its first two digits and every three after that, which keeps it text
// and dialable.
func csvPhone(phone string) string {
	digits, ok := strings.CutPrefix(phone, "+")
	if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" {
		return phone
	}
	var cc, rest string
	size := 3
	if strings.HasPrefix(digits, "45") && len(digits) == 10 {
		cc, rest, size = "45", digits[2:], 2
	} else if len(digits) > 2 {
		cc, rest = digits[:2], digits[2:]
	} else {
		return phone
	}
	out := "+" + cc
	for len(rest) > 0 {
		n := min(size, len(rest))
		out += " " + rest[:n]
		rest = rest[n:]
	}
	return out
}
