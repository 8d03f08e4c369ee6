package staff

import (
	"bytes"
	"encoding/csv"
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
func csvSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
