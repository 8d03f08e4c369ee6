package staff

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// The editor works without JavaScript: every button submits the whole
// form with an op, and any op but "save" changes the draft and shows it
// again, unsaved.
const opSave = "save"

// commonFieldKeys are the shared fields staff can add to a form.
var commonFieldKeys = []string{domain.KeyName, domain.KeyPhone, domain.KeyEmail, domain.KeyDepartment, domain.KeyAge,
	domain.KeyBirthYear, domain.KeyGuardianName, domain.KeyGuardianPhone, domain.KeyGuardianConsent, domain.KeyConsent}

// apply carries out an editor op: "up:i", "down:i", "remove:i", "add-field"
// (what to add is in addWhat: "use:<common key>" or "type:<field type>"),
// "add-option:i" and "add-session".
func (d *activityDraft) apply(op, addWhat string) {
	name, arg, _ := strings.Cut(op, ":")
	i, err := strconv.Atoi(arg)
	inRange := err == nil && i >= 0 && i < len(d.Fields)
	switch {
	case name == "up" && inRange && i > 0:
		d.Fields[i-1], d.Fields[i] = d.Fields[i], d.Fields[i-1]
	case name == "down" && inRange && i < len(d.Fields)-1:
		d.Fields[i+1], d.Fields[i] = d.Fields[i], d.Fields[i+1]
	case name == "remove" && inRange:
		d.Fields = append(d.Fields[:i], d.Fields[i+1:]...)
	case name == "add-option" && inRange && len(d.Fields[i].Options) < maxDraftOptions:
		d.Fields[i].Options = append(d.Fields[i].Options, optionDraft{Label: domain.Text{}})
	case name == "add-session" && len(d.Sessions) < maxDraftSessions:
		d.Sessions = append(d.Sessions, d.nextSession())
	case name == "add-field" && len(d.Fields) < maxDraftFields:
		d.addField(addWhat)
	}
}

// nextSession proposes the week after the last session, same time and
// length, which is how most activities run.
func (d *activityDraft) nextSession() sessionDraft {
	if n := len(d.Sessions); n > 0 {
		last := d.Sessions[n-1]
		if t, ok := parseDate(last.Date); ok {
			return sessionDraft{Date: t.AddDate(0, 0, 7).Format("2006-01-02"), Time: last.Time, Minutes: last.Minutes}
		}
	}
	return sessionDraft{Minutes: "60"}
}

// addField adds a common field or a new field of a type, before the
// closing consent so that it stays last.
func (d *activityDraft) addField(what string) {
	kind, val, _ := strings.Cut(what, ":")
	var fd fieldDraft
	switch kind {
	case "use":
		if _, ok := domain.CommonField(val); !ok || d.hasKey(val) {
			return
		}
		fd = fieldDraft{Key: val, Use: val}
	case "type":
		if !knownType(val) {
			return
		}
		fd = fieldDraft{Key: d.freeKey(), Type: val, Label: domain.Text{}, Help: domain.Text{}}
		if val == string(domain.FieldChoice) || val == string(domain.FieldMulti) {
			fd.Options = []optionDraft{{Label: domain.Text{}}, {Label: domain.Text{}}}
		}
	default:
		return
	}
	at := len(d.Fields)
	if at > 0 && d.Fields[at-1].Use == domain.KeyConsent && fd.Use != domain.KeyConsent {
		at--
	}
	d.Fields = append(d.Fields[:at], append([]fieldDraft{fd}, d.Fields[at:]...)...)
}

func (d *activityDraft) hasKey(k string) bool {
	for _, f := range d.Fields {
		if f.Key == k {
			return true
		}
	}
	return false
}

// freeKey names a new field question_1, question_2, … until one is free.
func (d *activityDraft) freeKey() string {
	for n := 1; ; n++ {
		if k := fmt.Sprintf("question_%d", n); !d.hasKey(k) {
			return k
		}
	}
}

func knownType(t string) bool {
	for _, ft := range domain.FieldTypes {
		if string(ft) == t {
			return true
		}
	}
	return false
}
