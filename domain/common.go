package domain

// Keys of the common fields. Sign-ups keep name, phone, department and age
// in columns of their own, so staff can search and summaries can count.
const (
	KeyName            = "name"
	KeyPhone           = "phone"
	KeyEmail           = "email"
	KeyDepartment      = "department"
	KeyAge             = "age"
	KeyBirthYear       = "birth_year"
	KeyGuardianName    = "guardian_name"
	KeyGuardianPhone   = "guardian_phone"
	KeyGuardianConsent = "guardian_consent"
	KeyConsent         = "consent"
)

// DepartmentOther is the housing-department answer for everyone else.
const DepartmentOther = "other"

// Department is one of the plan's 14 housing departments (afdelinger).
type Department struct {
	Code        string // stable value stored with a sign-up
	Name        string // as residents know it; never translated
	Association string
}

// Departments are the 14 housing departments of Beboerprojekt Nordvest.
var Departments = []Department{
	{"fsb-01-33", "01-33 Birkebo", "fsb"},
	{"fsb-01-22", "01-22 Bispeparken", "fsb"},
	{"fsb-01-17", "01-17 Degnegården", "fsb"},
	{"fsb-01-52", "01-52 Gravervænget/Møllerlodden", "fsb"},
	{"fsb-01-19", "01-19 Klokkergården", "fsb"},
	{"fsb-01-29", "01-29 Munkevangen", "fsb"},
	{"fsb-01-21", "01-21 Kantorparken", "fsb"},
	{"aab-33", "AAB Afdeling 33", "AAB"},
	{"aab-49", "AAB Afdeling 49 (Stærevej)", "AAB"},
	{"akb-1028-8", "1028-8 Bispevænget", "AKB København"},
	{"akb-1036-9", "1036-9 Oldermandsgården", "AKB København"},
	{"3b-6067", "6067 Vestergårdsvej", "3B"},
	{"3b-6063", "6063 Sangergården 1", "3B"},
	{"3b-6081", "6081 Sangergården 2", "3B"},
}

func intp(i int) *int { return &i }

// CommonField returns the shared definition of a field used on many forms.
func CommonField(use string) (Field, bool) {
	f, ok := commonFields()[use]
	if ok {
		f.Use = use
		if f.Key == "" {
			f.Key = use
		}
	}
	return f, ok
}

func commonFields() map[string]Field {
	deptOptions := make([]Option, 0, len(Departments)+1)
	for _, d := range Departments {
		deptOptions = append(deptOptions, Option{Value: d.Code, Label: Text{DefaultLang: d.Name}})
	}
	deptOptions = append(deptOptions, Option{Value: DepartmentOther, LabelID: "field.department.elsewhere"})
	return map[string]Field{
		KeyName:            {Type: FieldText, Required: true, MaxLen: 100, LabelID: "field.name.label", Autocomplete: "name"},
		KeyPhone:           {Type: FieldPhone, Required: true, LabelID: "field.phone.label", HelpID: "field.phone.help", Autocomplete: "tel"},
		KeyEmail:           {Type: FieldEmail, LabelID: "field.email.label", HelpID: "field.email.help", Autocomplete: "email", MaxLen: 254},
		KeyDepartment:      {Type: FieldChoice, Required: true, LabelID: "field.department.label", HelpID: "field.department.help", Options: deptOptions},
		KeyAge:             {Type: FieldNumber, Required: true, LabelID: "field.age.label", Min: intp(0), Max: intp(120)},
		KeyBirthYear:       {Type: FieldNumber, Required: true, LabelID: "field.birth_year.label", HelpID: "field.birth_year.help", Min: intp(1900), Max: intp(2100), Autocomplete: "bday-year"},
		KeyGuardianName:    {Type: FieldText, Required: true, MaxLen: 100, LabelID: "field.guardian_name.label", HelpID: "field.guardian_name.help"},
		KeyGuardianPhone:   {Type: FieldPhone, Required: true, LabelID: "field.guardian_phone.label", HelpID: "field.phone.help"},
		KeyGuardianConsent: {Type: FieldConsent, Required: true, LabelID: "field.guardian_consent.label", HelpID: "consent.guardian.text"},
		KeyConsent:         {Type: FieldConsent, Required: true, LabelID: "field.consent.label", HelpID: "consent.signup.text"},
	}
}

// ConsentVersion identifies the wording of the consent texts in locales/.
// Change it whenever that wording changes, so each sign-up keeps a record
// of what exactly its resident agreed to.
const ConsentVersion = "2026-11-27"
