package bot

import (
	"strconv"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/slack-go/slack"
)

// Callback ids of the modals, which say what a view_submission is for.
const (
	cbReferral  = "referral"
	cbOrgPicker = "org_picker"
	cbDecline   = "decline"
	cbEnroll    = "enroll"
)

// Block ids of inputs that are not referral fields (those use the
// domain's field keys, so validation errors land on the right block).
const (
	blockOrg       = "org"
	blockSignupRef = "signup_ref"
	blockCategory  = "decline_category"
	// inputAction is the one action id inside every input block.
	inputAction = "value"
)

// Slack's limits on views: longer text, or more options in one group,
// and Slack refuses the whole view.
const (
	maxTitle        = 24
	maxOptionText   = 75
	maxGroupOptions = 100
)

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}
func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, true)
}

func option(value, text string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plain(clip(text, maxOptionText)), nil)
}

func modal(t tr, callback, titleID, submitID string, blocks ...slack.Block) slack.ModalViewRequest {
	v := slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callback, Title: plain(clip(t.T(titleID), maxTitle)),
		Close: plain(clip(t.T("slack.modal.cancel"), maxTitle)), Blocks: slack.Blocks{BlockSet: blocks},
	}
	if submitID != "" {
		v.Submit = plain(clip(t.T(submitID), maxTitle))
	}
	return v
}

// partnerModal is a modal a partner fills in. It carries the language it
// is shown in as its private metadata, so an answer that cannot ask the
// database about her can still be in her language (submitterLang).
func partnerModal(t tr, callback, titleID, submitID string, blocks ...slack.Block) slack.ModalViewRequest {
	v := modal(t, callback, titleID, submitID, blocks...)
	v.PrivateMetadata = t.lang
	return v
}

func selectInput(blockID, label string, hint *slack.TextBlockObject, groups []*slack.OptionGroupBlockObject, opts []*slack.OptionBlockObject, t tr) *slack.InputBlock {
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(t.T("slack.field.choose")), inputAction, opts...)
	if groups != nil {
		el = slack.NewOptionsGroupSelectBlockElement(slack.OptTypeStatic, plain(t.T("slack.field.choose")), inputAction, groups...)
	}
	return slack.NewInputBlock(blockID, plain(label), hint, el)
}

func textInput(blockID, label, hintID string, maxLen int, multiline bool, t tr) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(nil, inputAction)
	el.MaxLength, el.Multiline = maxLen, multiline
	var hint *slack.TextBlockObject
	if hintID != "" {
		hint = plain(t.T(hintID))
	}
	return slack.NewInputBlock(blockID, plain(label), hint, el)
}

// referralModal is the referral form: what the resident is referred to,
// grouped by the plan's areas, then the few things staff need to call.
func referralModal(t tr, acts []domain.Activity, org domain.Organisation) slack.ModalViewRequest {
	phone := textInput(domain.RefPhone, t.T("slack.field.phone.label"), "slack.field.phone.hint", 30, false, t)
	phone.Optional = true // not needed when contact goes through the referrer
	note := textInput(domain.RefNote, t.T("slack.field.note.label"), "slack.field.note.hint", domain.ReferralNoteMax, true, t)
	note.Optional = true
	consent := slack.NewInputBlock(domain.RefConsent, plain(t.T("slack.field.consent.label")), nil,
		slack.NewCheckboxGroupsBlockElement(inputAction, option("yes", t.T("slack.field.consent.option"))))
	return partnerModal(t, cbReferral, "slack.modal.referral.title", "slack.modal.referral.submit",
		slack.NewContextBlock("intro", mrkdwn(t.T("slack.modal.referral.intro", "Org", shown(org.Name, maxShownTitle)))),
		selectInput(domain.RefTarget, t.T("slack.field.target.label"), nil, targetGroups(t, acts), nil, t),
		textInput(domain.RefFirstName, t.T("slack.field.first_name.label"), "slack.field.first_name.hint", domain.ReferralNameMax, false, t),
		phone,
		selectInput(domain.RefDepartment, t.T("slack.field.department.label"), nil, nil, departmentOptions(t), t),
		selectInput(domain.RefAgeGroup, t.T("slack.field.age_group.label"), nil, nil, choiceOptions(t, domain.AgeGroups(), ageID), t),
		selectInput(domain.RefLanguage, t.T("slack.field.language.label"), nil, nil, choiceOptions(t, domain.ReferralLanguages(), languageID), t),
		slack.NewInputBlock(domain.RefContact, plain(t.T("slack.field.contact.label")), nil,
			slack.NewRadioButtonsBlockElement(inputAction, choiceOptions(t, domain.ContactMethods(), contactID)...)),
		consent,
		note,
	)
}

// targetGroups lists activities and counselling offers under their area.
// An area lists at most maxGroupOptions: its counselling offers always,
// and as many activities as fit, in the catalogue's order (soonest first).
func targetGroups(t tr, acts []domain.Activity) []*slack.OptionGroupBlockObject {
	var groups []*slack.OptionGroupBlockObject
	for _, ai := range t.plan.Areas {
		area := ai.Key
		var offers []*slack.OptionBlockObject
		for _, o := range t.plan.Counselling {
			if o.Area == area {
				offers = append(offers, option(domain.Target{OfferKey: o.Key}.String(), o.Title.In(t.lang)))
			}
		}
		var opts []*slack.OptionBlockObject
		for _, a := range acts {
			if a.Area == area && len(opts) < maxGroupOptions-len(offers) {
				opts = append(opts, option(domain.Target{ActivityID: a.ID}.String(), a.Texts.Title.In(t.lang)))
			}
		}
		opts = append(opts, offers...)
		if len(opts) > 0 {
			groups = append(groups, slack.NewOptionGroupBlockElement(plain(clip(t.areaName(area), maxOptionText)), opts...))
		}
	}
	return groups
}

func departmentOptions(t tr) []*slack.OptionBlockObject {
	opts := make([]*slack.OptionBlockObject, 0, len(t.plan.Departments)+1)
	for _, d := range t.plan.Departments {
		opts = append(opts, option(d.Code, d.Name))
	}
	return append(opts, option(domain.DepartmentOther, t.T("slack.department.elsewhere")))
}

func choiceOptions(t tr, values []string, id func(string) string) []*slack.OptionBlockObject {
	opts := make([]*slack.OptionBlockObject, len(values))
	for i, v := range values {
		opts[i] = option(v, t.T(id(v)))
	}
	return opts
}

// orgPickerModal asks a partner, once, which organisation she refers for.
func orgPickerModal(t tr) slack.ModalViewRequest {
	var groups []*slack.OptionGroupBlockObject
	for _, g := range t.plan.Groups {
		var opts []*slack.OptionBlockObject
		for _, o := range t.plan.Organisations {
			if o.Group == g.Key {
				opts = append(opts, option(o.Key, o.Name))
			}
		}
		groups = append(groups, slack.NewOptionGroupBlockElement(plain(clip(g.Name, maxOptionText)), opts...))
	}
	return partnerModal(t, cbOrgPicker, "slack.modal.org.title", "slack.modal.org.submit",
		slack.NewSectionBlock(mrkdwn(t.T("slack.modal.org.intro")), nil, nil),
		selectInput(blockOrg, t.T("slack.field.org.label"), nil, groups, nil, t),
	)
}

// confirmationModal replaces the form once the referral is stored.
func confirmationModal(t tr, r domain.Referral, title string) slack.ModalViewRequest {
	v := modal(t, cbReferral, "slack.modal.done.title", "",
		slack.NewSectionBlock(mrkdwn(t.T("slack.modal.done.body", "Code", r.Code(), "Title", shown(title, maxShownTitle))), nil, nil))
	v.Close = plain(clip(t.T("slack.modal.done.close"), maxTitle))
	return v
}

// declineModal asks staff what the partner is told (a category) and why
// a referral is declined (for staff only).
func declineModal(t tr, r domain.Referral) slack.ModalViewRequest {
	var cats []*slack.OptionBlockObject
	for _, c := range domain.DeclineCategories() {
		cats = append(cats, option(string(c), t.T(declineCategoryID(c))))
	}
	v := modal(t, cbDecline, "slack.modal.decline.title", "slack.modal.decline.submit",
		slack.NewContextBlock("referral", mrkdwn(t.T("slack.modal.referral_code", "Code", r.Code()))),
		slack.NewInputBlock(blockCategory, plain(t.T("slack.field.decline_category.label")), nil,
			slack.NewRadioButtonsBlockElement(inputAction, cats...)),
		textInput(domain.RefReason, t.T("slack.field.reason.label"), "slack.field.reason.hint", domain.ReferralReasonMax, true, t),
	)
	v.PrivateMetadata = strconv.FormatInt(r.ID, 10)
	return v
}

// enrollModal asks staff for the sign-up an enrolment led to.
func enrollModal(t tr, r domain.Referral) slack.ModalViewRequest {
	v := modal(t, cbEnroll, "slack.modal.enroll.title", "slack.modal.enroll.submit",
		slack.NewContextBlock("referral", mrkdwn(t.T("slack.modal.referral_code", "Code", r.Code()))),
		textInput(blockSignupRef, t.T("slack.field.signup_ref.label"), "slack.field.signup_ref.hint", 20, false, t),
	)
	v.PrivateMetadata = strconv.FormatInt(r.ID, 10)
	return v
}
