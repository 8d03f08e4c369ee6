package bot

import (
	"fmt"
	"unicode/utf8"
)

// Slack refuses a view or message that breaks one of Block Kit's
// documented limits with invalid_arguments (or invalid_blocks), and the
// person sees nothing. The fake checks the same limits, so a test that
// builds something Slack would refuse fails the way production would.
// https://api.slack.com/reference/block-kit/blocks,
// …/composition-objects and …/block-elements, and /surfaces/modals.
const (
	limitViewTitle      = 24  // modal title, submit and close
	limitViewBlocks     = 100 // blocks in a modal or home tab
	limitMessageBlocks  = 50
	limitPrivateMeta    = 3000
	limitSectionText    = 3000
	limitSectionFields  = 10
	limitFieldText      = 2000
	limitHeaderText     = 150
	limitContextItems   = 10
	limitActionElements = 25
	limitLabel          = 2000 // input label and hint
	limitOptions        = 100  // options in a select, or in one option group
	limitOptionGroups   = 100
	limitOptionText     = 75
	limitOptionValue    = 150
	limitGroupLabel     = 75
	limitButtonText     = 75
	limitButtonValue    = 2000
	limitChoiceOptions  = 10 // checkboxes and radio buttons
	limitPlaceholder    = 150
	limitBlockID        = 255
	limitMessageText    = 40000
)

// limitError is one broken limit, named like Slack names it: the JSON
// pointer to the offending value.
type limitError struct{ Pointer, Problem string }

func (e limitError) Error() string {
	return fmt.Sprintf("[ERROR] %s [json-pointer:%s]", e.Problem, e.Pointer)
}

// checkLimits returns the first limit the call's arguments break, or nil.
func checkLimits(method string, p map[string]any) error {
	switch method {
	case "views.open", "views.update", "views.push", "views.publish":
		v, _ := p["view"].(map[string]any)
		return checkView(v)
	case "chat.postMessage", "chat.update", "chat.postEphemeral", hookMethod:
		if s, ok := p["text"].(string); ok && utf8.RuneCountInString(s) > limitMessageText {
			return limitError{"/text", "must be less than 40001 characters"}
		}
		blocks, _ := p["blocks"].([]any)
		if len(blocks) > limitMessageBlocks {
			return limitError{"/blocks", "no more than 50 items allowed"}
		}
		return checkBlocks("/blocks", blocks)
	}
	return nil
}

func checkView(v map[string]any) error {
	if v == nil {
		return limitError{"/view", "missing required field"}
	}
	if v["type"] == "modal" {
		for _, k := range []string{"title", "submit", "close"} {
			if err := checkText("/view/"+k, v[k], limitViewTitle); err != nil {
				return err
			}
		}
	}
	if s, _ := v["private_metadata"].(string); len(s) > limitPrivateMeta {
		return limitError{"/view/private_metadata", "must be less than 3001 characters"}
	}
	blocks, _ := v["blocks"].([]any)
	if len(blocks) > limitViewBlocks {
		return limitError{"/view/blocks", "no more than 100 items allowed"}
	}
	return checkBlocks("/view/blocks", blocks)
}

func checkBlocks(at string, blocks []any) error {
	for i, raw := range blocks {
		b, _ := raw.(map[string]any)
		ptr := fmt.Sprintf("%s/%d", at, i)
		if id, _ := b["block_id"].(string); len(id) > limitBlockID {
			return limitError{ptr + "/block_id", "must be less than 256 characters"}
		}
		var err error
		switch b["type"] {
		case "section":
			err = checkText(ptr+"/text", b["text"], limitSectionText)
			fields, _ := b["fields"].([]any)
			if err == nil && len(fields) > limitSectionFields {
				err = limitError{ptr + "/fields", "no more than 10 items allowed"}
			}
			for j, f := range fields {
				if err == nil {
					err = checkText(fmt.Sprintf("%s/fields/%d", ptr, j), f, limitFieldText)
				}
			}
			if err == nil && b["accessory"] != nil {
				err = checkElement(ptr+"/accessory", b["accessory"])
			}
		case "header":
			err = checkText(ptr+"/text", b["text"], limitHeaderText)
		case "context":
			els, _ := b["elements"].([]any)
			if len(els) > limitContextItems {
				err = limitError{ptr + "/elements", "no more than 10 items allowed"}
			}
			for j, e := range els {
				if err == nil {
					err = checkText(fmt.Sprintf("%s/elements/%d", ptr, j), e, limitSectionText)
				}
			}
		case "actions":
			els, _ := b["elements"].([]any)
			if len(els) > limitActionElements {
				err = limitError{ptr + "/elements", "no more than 25 items allowed"}
			}
			for j, e := range els {
				if err == nil {
					err = checkElement(fmt.Sprintf("%s/elements/%d", ptr, j), e)
				}
			}
		case "input":
			err = checkText(ptr+"/label", b["label"], limitLabel)
			if err == nil {
				err = checkText(ptr+"/hint", b["hint"], limitLabel)
			}
			if err == nil {
				err = checkElement(ptr+"/element", b["element"])
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func checkElement(at string, raw any) error {
	e, _ := raw.(map[string]any)
	if err := checkText(at+"/placeholder", e["placeholder"], limitPlaceholder); err != nil {
		return err
	}
	switch e["type"] {
	case "button":
		if err := checkText(at+"/text", e["text"], limitButtonText); err != nil {
			return err
		}
		if v, _ := e["value"].(string); utf8.RuneCountInString(v) > limitButtonValue {
			return limitError{at + "/value", "must be less than 2001 characters"}
		}
	case "static_select", "multi_static_select":
		return checkSelect(at, e)
	case "checkboxes", "radio_buttons":
		opts, _ := e["options"].([]any)
		if len(opts) > limitChoiceOptions {
			return limitError{at + "/options", "no more than 10 items allowed"}
		}
		return checkOptions(at+"/options", opts)
	}
	return nil
}

func checkSelect(at string, e map[string]any) error {
	opts, hasOpts := e["options"].([]any)
	groups, hasGroups := e["option_groups"].([]any)
	if hasOpts == hasGroups {
		return limitError{at, "must provide exactly one of options or option_groups"}
	}
	if len(opts) > limitOptions {
		return limitError{at + "/options", "must be less than 101 items"}
	}
	if len(groups) > limitOptionGroups {
		return limitError{at + "/option_groups", "must be less than 101 items"}
	}
	if err := checkOptions(at+"/options", opts); err != nil {
		return err
	}
	for i, raw := range groups {
		g, _ := raw.(map[string]any)
		ptr := fmt.Sprintf("%s/option_groups/%d", at, i)
		if err := checkText(ptr+"/label", g["label"], limitGroupLabel); err != nil {
			return err
		}
		gopts, _ := g["options"].([]any)
		if len(gopts) == 0 || len(gopts) > limitOptions {
			return limitError{ptr + "/options", "must have between 1 and 100 items"}
		}
		if err := checkOptions(ptr+"/options", gopts); err != nil {
			return err
		}
	}
	return nil
}

func checkOptions(at string, opts []any) error {
	for i, raw := range opts {
		o, _ := raw.(map[string]any)
		ptr := fmt.Sprintf("%s/%d", at, i)
		if err := checkText(ptr+"/text", o["text"], limitOptionText); err != nil {
			return err
		}
		if v, _ := o["value"].(string); utf8.RuneCountInString(v) > limitOptionValue {
			return limitError{ptr + "/value", "must be less than 151 characters"}
		}
	}
	return nil
}

// checkText checks a text object's length; nil (an absent text) passes.
func checkText(at string, raw any, limit int) error {
	if raw == nil {
		return nil
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return limitError{at, "must be a text object"}
	}
	s, _ := obj["text"].(string)
	if utf8.RuneCountInString(s) > limit {
		return limitError{at + "/text", fmt.Sprintf("must be less than %d characters", limit+1)}
	}
	return nil
}
