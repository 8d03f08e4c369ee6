package staff

import (
	"fmt"
	"slices"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/locales"
)

// editView is the activity editor ready for its template: the draft laid
// out per language, side by side, with missing translations marked.
type editView struct {
	New       bool
	Action    string
	Draft     activityDraft
	Errors    map[string]string
	ErrorList []errorLink
	Langs     []locales.Language
	Texts     []textRow
	Areas     []choice
	Audiences []choice // checkboxes: who the activity is for
	Sessions  []sessionRow
	Fields    []fieldRow
	AddChoice []choice
	Missing   int // translations still missing
}

type errorLink struct{ Field, Message string }

// choice is one <option> of a select, or one checkbox of a group.
type choice struct {
	Value, Label string
	Selected     bool
}

// textRow is one activity text, with a cell per language.
type textRow struct {
	Label string
	Long  bool
	Cells []textCell
}

// textCell is one language's input; Missing marks a translation not yet written.
type textCell struct {
	Lang    locales.Language
	Name    string
	Value   string
	Missing bool
	Error   string
}

type sessionRow struct {
	sessionDraft
	Index int
	Error string
}

// fieldRow is one form field in the editor.
type fieldRow struct {
	fieldDraft
	Index       int
	Prefix      string
	CommonLabel string // for a common field: its fixed wording
	Types       []choice
	Labels      []textCell
	Helps       []textCell
	Options     []optionRow
	First, Last bool
	Error       string
}

// Kind tells the template which extra settings the field's type has.
func (f fieldRow) Kind() string {
	switch domain.FieldType(f.Type) {
	case domain.FieldNumber:
		return "bounds"
	case domain.FieldText:
		return "maxlen"
	case domain.FieldChoice, domain.FieldMulti:
		return "options"
	}
	return ""
}

type optionRow struct {
	Index  int
	Prefix string
	Value  string
	Labels []textCell
}

// cells lays out one text across every language.
func (p *page) cells(prefix string, t domain.Text, errs map[string]string) []textCell {
	out := make([]textCell, 0, len(locales.Languages))
	for _, l := range locales.Languages {
		name := prefix + "-" + l.Tag
		out = append(out, textCell{Lang: l, Name: name, Value: t[l.Tag], Missing: t[l.Tag] == "", Error: errs[name]})
	}
	return out
}

// editView builds the editor for a draft and its errors.
func (p *page) editView(d activityDraft, action string, errs []domain.FieldError) editView {
	v := editView{New: d.ID == 0, Action: action, Draft: d, Errors: p.fieldErrors(errs), Langs: locales.Languages}
	for _, e := range errs {
		v.ErrorList = append(v.ErrorList, errorLink{Field: e.Field, Message: p.FieldError(e)})
	}
	for _, n := range textNames {
		row := textRow{Label: p.T("staff.edit.text." + n), Long: n == "summary" || n == "audience",
			Cells: p.cells("text-"+n, d.Texts[n], v.Errors)}
		v.Texts = append(v.Texts, row)
	}
	for _, a := range p.Plan.Areas {
		v.Areas = append(v.Areas, choice{Value: string(a.Key), Label: p.AreaName(a.Key), Selected: string(a.Key) == d.Area})
	}
	for _, a := range domain.Audiences {
		v.Audiences = append(v.Audiences, choice{Value: string(a), Label: p.T("staff.edit.audiences." + string(a)),
			Selected: slices.Contains(d.Audiences, string(a))})
	}
	for i, s := range d.Sessions {
		v.Sessions = append(v.Sessions, sessionRow{sessionDraft: s, Index: i, Error: v.Errors[fmt.Sprintf("session-%d", i)]})
	}
	for i, f := range d.Fields {
		v.Fields = append(v.Fields, p.fieldRow(i, f, len(d.Fields), v.Errors))
	}
	for _, k := range commonFieldKeys {
		if f, _ := domain.CommonField(k); !d.hasKey(k) {
			v.AddChoice = append(v.AddChoice, choice{Value: "use:" + k, Label: p.T(f.LabelID)})
		}
	}
	for _, t := range domain.FieldTypes {
		v.AddChoice = append(v.AddChoice, choice{Value: "type:" + string(t), Label: p.T("staff.edit.new_field", "Type", p.T("staff.fieldtype."+string(t)))})
	}
	v.Missing = countMissing(v)
	return v
}

func (p *page) fieldRow(i int, f fieldDraft, n int, errs map[string]string) fieldRow {
	prefix := fmt.Sprintf("field-%d-", i)
	r := fieldRow{fieldDraft: f, Index: i, Prefix: prefix, First: i == 0, Last: i == n-1, Error: errs[fmt.Sprintf("field-%d", i)]}
	if f.Use != "" {
		if c, ok := domain.CommonField(f.Use); ok {
			r.CommonLabel = p.T(c.LabelID)
		}
		return r
	}
	for _, t := range domain.FieldTypes {
		r.Types = append(r.Types, choice{Value: string(t), Label: p.T("staff.fieldtype." + string(t)), Selected: string(t) == f.Type})
	}
	r.Labels = p.cells(prefix+"label", f.Label, errs)
	r.Helps = p.cells(prefix+"help", f.Help, errs)
	for j, o := range f.Options {
		op := fmt.Sprintf("%sopt-%d-", prefix, j)
		r.Options = append(r.Options, optionRow{Index: j, Prefix: op, Value: o.Value, Labels: p.cells(op+"label", o.Label, errs)})
	}
	return r
}

// countMissing counts the activity texts and field labels some language
// still lacks, for the editor's summary.
func countMissing(v editView) int {
	n := 0
	for _, r := range v.Texts {
		for _, c := range r.Cells {
			if c.Missing {
				n++
			}
		}
	}
	for _, f := range v.Fields {
		for _, c := range f.Labels {
			if c.Missing {
				n++
			}
		}
	}
	return n
}
