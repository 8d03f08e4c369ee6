package domain

import (
	"math"
	"strconv"
	"strings"
)

// Rate is a share such as places filled or sessions attended: Num out of
// Den. Kept as two counts, so a page can show "76 of 90" beside 84.4 %.
type Rate struct {
	Num int
	Den int
}

// Known reports whether there is anything to divide by.
func (r Rate) Known() bool { return r.Den > 0 }

// Percent is the rate in per cent; 0 when it is not known.
func (r Rate) Percent() float64 {
	if r.Den <= 0 {
		return 0
	}
	return 100 * float64(r.Num) / float64(r.Den)
}

// Text writes the rate to one decimal the way the language writes it:
// "84,4 %" in Danish, "84.4%" in English, and "–" when it is not known.
func (r Rate) Text(lang string) string {
	if !r.Known() {
		return "–"
	}
	s := strconv.FormatFloat(math.Round(r.Percent()*10)/10, 'f', 1, 64)
	if lang == "en" {
		return s + "%"
	}
	return strings.Replace(s, ".", ",", 1) + "\u00a0%"
}

// Add is the rate of both together.
func (r Rate) Add(o Rate) Rate { return Rate{Num: r.Num + o.Num, Den: r.Den + o.Den} }

// SmallCount is the smallest count partners see as a number: 1 to 4 are
// shown as "<5", so no single resident can be picked out of a summary.
const SmallCount = 5

// Masked is a count as a partner may see it. It holds only the text, so a
// small number cannot reach a partner's summary by mistake.
type Masked struct{ text string }

// Mask hides a count from 1 to SmallCount-1 as "<5"; 0 and larger counts
// are shown as they are (nobody is picked out of nothing, nor of many).
func Mask(n int) Masked {
	if n > 0 && n < SmallCount {
		return Masked{"<" + strconv.Itoa(SmallCount)}
	}
	return Masked{strconv.Itoa(n)}
}

// String is the count as shown.
func (m Masked) String() string {
	if m.text == "" {
		return "0"
	}
	return m.text
}

// Delta writes a change against the week before with its sign: "+3",
// "−2" (a real minus sign) or "±0".
func Delta(now, before int) string {
	switch d := now - before; {
	case d > 0:
		return "+" + strconv.Itoa(d)
	case d < 0:
		return "\u2212" + strconv.Itoa(-d)
	}
	return "±0"
}
