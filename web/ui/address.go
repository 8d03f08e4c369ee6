package ui

import (
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// AddressView is the "which street do you live on?" part of the
// department question: a plain select of the plan's streets and a house
// number, so the department is found without JavaScript and without the
// resident knowing its name.
type AddressView struct {
	StreetID, StreetName, StreetLabel, Choose string
	NumberID, NumberName, NumberLabel, Number string
	Hint                                      string // the department list is there for everyone else
	Streets                                   []OptionView
}

// addressView builds the address part of a department field, or nil when
// the field is not the department question or the plan has no streets.
func (p *Page) addressView(fd domain.Field, id string, in map[string][]string) *AddressView {
	streets := p.Plan.StreetNames()
	if fd.Use != domain.KeyDepartment || len(streets) == 0 {
		return nil
	}
	v := &AddressView{
		StreetID: id + "-street", StreetName: domain.StreetInput(fd.Key), StreetLabel: p.T("plan.street.label"),
		Choose:   p.T("plan.street.choose"),
		NumberID: id + "-number", NumberName: domain.NumberInput(fd.Key), NumberLabel: p.T("plan.number.label"),
		Hint: p.T("plan.street.hint"),
	}
	chosen := domain.StreetKey(first(in[v.StreetName]))
	for _, s := range streets {
		v.Streets = append(v.Streets, OptionView{Value: s, Label: s, Checked: domain.StreetKey(s) == chosen})
	}
	v.Number = strings.TrimSpace(first(in[v.NumberName]))
	return v
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}
