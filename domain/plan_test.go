package domain

import (
	"testing"
	"time"
)

// testPlan is a plan shaped like Beboerprojekt Nordvest's, for the rules'
// tests (package plans, which reads the real file, imports this one).
func testPlan() *Plan {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		panic(err)
	}
	p := &Plan{Name: "Beboerprojekt Nordvest", LogoText: "Beboerprojekt Nordvest", Location: loc}
	for _, a := range []Area{AreaEducation, AreaEmployment, AreaCrimePrevention, AreaCohesion} {
		p.Areas = append(p.Areas, AreaInfo{Key: a, Name: Text{"da": string(a)}})
	}
	for _, d := range [][3]string{
		{"fsb-01-33", "01-33 Birkebo", "fsb"}, {"fsb-01-22", "01-22 Bispeparken", "fsb"},
		{"fsb-01-17", "01-17 Degnegården", "fsb"}, {"fsb-01-52", "01-52 Gravervænget/Møllerlodden", "fsb"},
		{"fsb-01-19", "01-19 Klokkergården", "fsb"}, {"fsb-01-29", "01-29 Munkevangen", "fsb"},
		{"fsb-01-21", "01-21 Kantorparken", "fsb"}, {"aab-33", "AAB Afdeling 33", "AAB"},
		{"aab-49", "AAB Afdeling 49 (Stærevej)", "AAB"}, {"akb-1028-8", "1028-8 Bispevænget", "AKB København"},
		{"akb-1036-9", "1036-9 Oldermandsgården", "AKB København"}, {"3b-6067", "6067 Vestergårdsvej", "3B"},
		{"3b-6063", "6063 Sangergården 1", "3B"}, {"3b-6081", "6081 Sangergården 2", "3B"},
	} {
		p.Departments = append(p.Departments, Department{Code: d[0], Name: d[1], Association: d[2]})
	}
	p.Departments[8].Streets = []Street{{Name: "Stærevej", From: 1, To: 99, Side: OddSide}}
	p.Departments[11].Streets = []Street{{Name: "Stærevej", From: 2, To: 98, Side: EvenSide}}
	p.Groups = []OrganisationGroup{{"buf", "BUF"}, {"sof", "SOF"}, {"andre", "Andre"}}
	p.Organisations = []Organisation{
		{"buf-sundhedsplejen", "Sundhedsplejen", "buf"},
		{"sof-familiehuset", "Familiehuset", "sof"}, {"red-barnet", "Red Barnet", "andre"},
		{OrganisationOther, "Anden organisation", "andre"},
	}
	p.Counselling = []CounsellingOffer{
		{Key: "foraeldrevejledning", Area: AreaEducation, Title: Text{"da": "Forældrevejledning", "en": "Parent counselling"}},
		{Key: "beboerraadgivning", Area: AreaCohesion, Title: Text{"da": "Beboerrådgivning", "en": "Resident counselling"}},
		{Key: "job-uddannelse-unge", Area: AreaEmployment, MinAge: intp(14), MaxAge: intp(24),
			Title: Text{"da": "Job- og uddannelsesvejledning for unge", "en": "Job and education guidance for youth"}},
	}
	return p
}

func TestPlanLooksUpByKey(t *testing.T) {
	p := testPlan()
	if _, ok := p.OrganisationByKey(OrganisationOther); !ok {
		t.Error("no organisation for partners not on the list")
	}
	if _, ok := p.OrganisationByKey("nope"); ok {
		t.Error("unknown organisation key found")
	}
	for _, o := range p.Counselling {
		if tg, ok := ParseTarget(p, "offer:"+o.Key); !ok || tg.IsActivity() {
			t.Errorf("offer %s is not a referral target", o.Key)
		}
	}
	if _, ok := ParseTarget(p, "offer:nope"); ok {
		t.Error("an offer not in the plan is a referral target")
	}
	if !p.HasArea(AreaCohesion) || p.HasArea("nope") {
		t.Error("HasArea does not follow the plan's areas")
	}
}

func TestDepartmentAtSplitsAStreetByOddAndEven(t *testing.T) {
	p := testPlan()
	for _, c := range []struct {
		street string
		n      int
		want   string
	}{{"Stærevej", 7, "aab-49"}, {"stærevej ", 8, "3b-6067"}, {"Stærevej", 100, ""}, {"Andevej", 7, ""}} {
		d, ok := p.DepartmentAt(c.street, c.n)
		if d.Code != c.want || ok != (c.want != "") {
			t.Errorf("DepartmentAt(%q, %d) = %q, %v; want %q", c.street, c.n, d.Code, ok, c.want)
		}
	}
}

func TestPlanFormGivesTheDepartmentQuestionThePlansDepartments(t *testing.T) {
	p := testPlan()
	f := Form{Fields: []Field{{Key: "afdeling", Use: KeyDepartment}}}
	opts := p.Form(f).Fields[0].Options
	if len(opts) != len(p.Departments)+1 || opts[0].Value != "fsb-01-33" || opts[len(opts)-1].Value != DepartmentOther {
		t.Errorf("department options = %+v", opts)
	}
	if len(f.Fields[0].Options) != 0 {
		t.Error("Plan.Form changed the form it was given")
	}
}
