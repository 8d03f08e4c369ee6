package ui

import (
	"html/template"
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// FieldView is one form field ready for the template: labels resolved in
// the page's language, the resident's own input kept, and its error.
type FieldView struct {
	domain.Field
	ID    string
	Label string
	Help  string
	// LabelHTML is the label marked with its language when it fell back
	// to Danish; HelpAttrs are the help text's lang (and dir) attributes
	// then, empty when it is in the page's language.
	LabelHTML template.HTML
	HelpAttrs template.HTMLAttr
	Value     string
	Values    map[string]bool // for multi and choice
	Error     string
	// Summary is the error as the error summary links to it: the message
	// alone when it names the field ("Skriv dit navn"), else the label
	// (without its question mark or colon) and the message.
	Summary template.HTML
	Options []OptionView
	// OptionalText marks fields that may be left empty.
	OptionalText string
	// PrivacyText is the text of the link from the consent text to the
	// privacy notice; empty on other fields.
	PrivacyText string
	// Facts are the privacy notice's facts, shown under the consent text
	// she agrees to (the same sentences as on the notice).
	Facts []string
	// Address asks for the street and house number on the department
	// question; nil elsewhere.
	Address *AddressView
}

// Target is the id of the input an error-summary link moves focus to: the
// first option of a group, or the input itself.
func (f FieldView) Target() string {
	if f.Address != nil {
		return f.Address.StreetID
	}
	if f.Choice() {
		return f.ID + "-0"
	}
	return f.ID
}

// OptionView is one option of a choice field.
type OptionView struct {
	Value, Label string
	Attrs        template.HTMLAttr // lang (and dir) when not in the page's language
	Checked      bool
}

// InputType is the HTML input type. Numbers use text with a numeric
// keyboard, because type=number refuses Arabic-Indic digits.
func (f FieldView) InputType() string {
	switch f.Type {
	case domain.FieldPhone:
		return "tel"
	case domain.FieldEmail:
		return "email"
	case domain.FieldDate:
		return "date"
	}
	return "text"
}

// InputMode picks the phone keyboard a resident needs.
func (f FieldView) InputMode() string {
	switch f.Type {
	case domain.FieldNumber:
		return "numeric"
	case domain.FieldPhone:
		return "tel"
	case domain.FieldEmail:
		return "email"
	}
	return ""
}

// DescribedBy lists the ids of the help and error texts of the field.
func (f FieldView) DescribedBy() string {
	ids := ""
	if f.Help != "" {
		ids = f.ID + "-help"
	}
	if f.Error != "" {
		if ids != "" {
			ids += " "
		}
		ids += f.ID + "-error"
	}
	return ids
}

// MaxLength is the text limit shown to the browser, 0 for none.
func (f FieldView) MaxLength() int {
	if f.Type == domain.FieldText || f.Type == domain.FieldEmail {
		if f.MaxLen > 0 {
			return f.MaxLen
		}
		return domain.DefaultMaxLen
	}
	return 0
}

// Choice reports fields shown as a group of radio buttons or checkboxes.
func (f FieldView) Choice() bool {
	return f.Type == domain.FieldChoice || f.Type == domain.FieldMulti || f.Type == domain.FieldYesNo
}

// Label is a text by message id if it has one, else the catalogue text,
// with the language it is shown in. A message may name the plan as
// {{.Plan}}: the consent texts say who keeps her data.
func (p *Page) Label(t domain.Text, id string) (string, string) {
	if id != "" {
		return p.T(id, "Plan", p.planName()), p.Lang.Tag
	}
	return p.Text(t), p.TextLang(t)
}

// FieldViews builds the views of a form's fields from raw input and errors.
func (p *Page) FieldViews(f domain.Form, in map[string][]string, errs []domain.FieldError) []FieldView {
	byField := map[string]domain.FieldError{}
	for _, e := range errs {
		if _, seen := byField[e.Field]; !seen {
			byField[e.Field] = e
		}
	}
	f = p.Plan.Form(f) // the department question lists the plan's departments
	out := make([]FieldView, 0, len(f.Fields))
	for _, fd := range f.Fields {
		v := FieldView{Field: fd, ID: "f-" + fd.Key, Values: map[string]bool{}, OptionalText: p.T("form.optional")}
		var lang string
		v.Label, lang = p.Label(fd.Label, fd.LabelID)
		v.LabelHTML = p.inline(v.Label, lang)
		if fd.HelpID != "" || len(fd.Help) > 0 {
			help, helpLang := p.Label(fd.Help, fd.HelpID)
			v.Help, v.HelpAttrs = help, p.langAttrs(helpLang)
		}
		for _, x := range in[fd.Key] {
			v.Values[x] = true
		}
		if len(in[fd.Key]) > 0 {
			v.Value = in[fd.Key][0]
		}
		if e, ok := byField[fd.Key]; ok {
			v.Error, v.Summary = p.formFieldError(fd, e, v.Label, lang)
		}
		v.Options = p.optionViews(fd, v.Values)
		v.Address = p.addressView(fd, v.ID, in)
		if fd.Use == domain.KeyConsent {
			v.PrivacyText = p.T("consent.privacy_link")
			v.Facts = p.PrivacyFacts()
		}
		out = append(out, v)
	}
	return out
}

// ActivityFieldViews are FieldViews for an activity's form, with the
// guardian's help text naming the activity's own age limit.
func (p *Page) ActivityFieldViews(a domain.Activity, in map[string][]string, errs []domain.FieldError) []FieldView {
	out := p.FieldViews(a.Form, in, errs)
	for i, f := range out {
		if f.Use == domain.KeyGuardianName && f.HelpID != "" {
			out[i].Help = p.T(f.HelpID, "Age", a.GuardianAge(), "Count", a.GuardianAge())
		}
	}
	return out
}

func (p *Page) optionViews(fd domain.Field, checked map[string]bool) []OptionView {
	if fd.Type == domain.FieldYesNo {
		return []OptionView{
			{Value: "yes", Label: p.T("field.yes"), Checked: checked["yes"]},
			{Value: "no", Label: p.T("field.no"), Checked: checked["no"]},
		}
	}
	out := make([]OptionView, 0, len(fd.Options))
	for _, o := range fd.Options {
		label, lang := p.Label(o.Label, o.LabelID)
		out = append(out, OptionView{Value: o.Value, Label: label, Attrs: p.langAttrs(lang), Checked: checked[o.Value]})
	}
	return out
}

// FieldError translates a validation error for the resident.
func (p *Page) FieldError(e domain.FieldError) string {
	args := make([]any, 0, 2*len(e.Params))
	for k, v := range e.Params {
		args = append(args, k, v)
		if n, ok := v.(int); ok && k == "Max" {
			args = append(args, "Count", n)
		}
	}
	return p.T(e.Code, args...)
}

// emptyFieldMessages are the messages for a required field left empty
// that name the field, by the common field it uses: they say what to do
// ("Vælg hvor du bor"), so the error summary needs no label beside them.
var emptyFieldMessages = map[string]string{
	domain.KeyName: "error.empty.name", domain.KeyPhone: "error.empty.phone",
	domain.KeyDepartment: "error.empty.department", domain.KeyAge: "error.empty.age",
	domain.KeyBirthYear: "error.empty.birth_year", domain.KeyGuardianName: "error.empty.guardian_name",
	domain.KeyGuardianPhone: "error.empty.guardian_phone", domain.KeyEmail: "error.empty.email",
}

// emptyTypeMessages say what to do with an empty field of each type whose
// question is the activity's own; the summary puts the label before them.
var emptyTypeMessages = map[domain.FieldType]string{
	domain.FieldText: "error.empty.text", domain.FieldPhone: "error.empty.phone",
	domain.FieldEmail: "error.empty.email", domain.FieldNumber: "error.empty.number",
	domain.FieldDate: "error.empty.date", domain.FieldChoice: "error.empty.choice",
	domain.FieldMulti: "error.empty.multi", domain.FieldYesNo: "error.empty.yesno",
}

// formFieldError translates a form field's error, GOV.UK style: an empty
// field's message says what to do with that kind of field. It also
// returns the error summary's line for it.
func (p *Page) formFieldError(fd domain.Field, e domain.FieldError, label, labelLang string) (string, template.HTML) {
	msg, named := p.FieldError(e), e.Code == domain.ErrCodeConsent
	if e.Code == domain.ErrCodeRequired {
		if id, ok := emptyFieldMessages[fd.Use]; ok {
			msg, named = p.T(id), true
		} else if id, ok := emptyTypeMessages[fd.Type]; ok {
			msg = p.T(id)
		}
	}
	if named {
		return msg, template.HTML(template.HTMLEscapeString(msg))
	}
	return msg, p.inline(strings.TrimRight(label, labelEndings), labelLang) + template.HTML(template.HTMLEscapeString(": "+msg))
}

// labelEndings are the marks a label may end with ("Hvor bor du?",
// Arabic and Urdu question marks, a colon) that would stand doubled
// before the joiner in the error summary.
const labelEndings = " ?:.!;\u061f\u06d4\u060c"
