package domain

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ReplyIntent is what a resident's SMS reply asks for.
type ReplyIntent int

// The intents a reply can carry.
const (
	ReplyOther  ReplyIntent = iota // anything else: for staff to read
	ReplyCancel                    // cancel her next sign-up
	ReplyStop                      // no more messages to this number
)

// replyWords are the keywords in the seven languages, written as they
// compare: lower case, without accents or Arabic-script diacritics.
var replyWords = map[string]ReplyIntent{
	// Danish, English
	"afmeld": ReplyCancel, "framelde": ReplyCancel, "cancel": ReplyCancel,
	"stop": ReplyStop, "nej": ReplyStop, "no": ReplyStop, "stopp": ReplyStop,
	// Arabic: إلغاء (cancel), توقف / قف (stop), لا (no)
	"الغاء": ReplyCancel, "توقف": ReplyStop, "قف": ReplyStop, "لا": ReplyStop,
	// Somali: baaji (cancel), jooji (stop), maya (no)
	"baaji": ReplyCancel, "jooji": ReplyStop, "maya": ReplyStop,
	// Turkish: iptal (cancel), dur (stop), hayır (no)
	"iptal": ReplyCancel, "dur": ReplyStop, "hayir": ReplyStop,
	// Urdu: منسوخ (cancel), بند (stop), نہیں (no)
	"منسوخ": ReplyCancel, "بند": ReplyStop, "نہیں": ReplyStop,
	// Persian: لغو (cancel), توقف (stop, as Arabic), نه (no)
	"لغو": ReplyCancel, "نه": ReplyStop,
}

// ParseReply reads a reply's first word, ignoring case, accents and
// punctuation around it. Turkish dotted and dotless i and Arabic-script
// variants (ي/ی, ك/ک, أ/إ/آ) compare equal to their plain forms.
func ParseReply(text string) ReplyIntent {
	fields := strings.FieldsFunc(foldReply(text), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
	})
	if len(fields) == 0 {
		return ReplyOther
	}
	return replyWords[fields[0]]
}

var replyFolds = strings.NewReplacer("ı", "i", "ي", "ی", "ى", "ی", "ك", "ک", "ة", "ه", "ۀ", "ه")

// foldReply lower-cases text and strips combining marks (accents, the dot
// of Turkish İ, hamza and harakat in Arabic script), after decomposing.
func foldReply(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return replyFolds.Replace(norm.NFC.String(b.String()))
}
