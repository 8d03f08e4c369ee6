package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// slackSide plays Slack's part towards the instances: it sends slash
// commands, modal submissions, button presses and events, each signed
// with the app's signing secret as Slack signs them.
type slackSide struct {
	c            *client
	led          *ledger
	fake         *fakeSlack
	secret       string
	team         string
	staffChannel string
	opLimit      time.Duration
	targets      []string     // the load's activities, as the referral modal's values
	seq          atomic.Int64 // trigger ids, action timestamps, event ids
}

// sign is Slack's v0 signature: HMAC-SHA256 over "v0:" + timestamp + ":"
// + the raw body, keyed with the signing secret.
func sign(secret, ts, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":" + body))
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// post sends a signed request to either instance, retrying as client.do
// does. Every attempt is signed afresh, as Slack would.
func (s *slackSide) post(kind string, rng *rand.Rand, path, contentType, body string, header http.Header) (answer, bool, error) {
	return s.c.do(kind, rng, s.opLimit, func(base string) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(body))
		if err != nil {
			return nil, err
		}
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", sign(s.secret, ts, body))
		for k, v := range header {
			req.Header[k] = v
		}
		return req, nil
	})
}

func (s *slackSide) next() int64 { return s.seq.Add(1) }

func (s *slackSide) trigger() string {
	return fmt.Sprintf("%d.%d.soak%06d", time.Now().Unix(), s.next(), s.next())
}

// command sends /tilmeld with text, as Slack posts a slash command.
func (s *slackSide) command(rng *rand.Rand, user, text, trigger string) (answer, error) {
	form := url.Values{
		"token": {"legacy-token"}, "team_id": {s.team}, "team_domain": {"nordvest"},
		"channel_id": {"D0" + user}, "channel_name": {"directmessage"}, "user_id": {user},
		"user_name": {strings.ToLower(user)}, "command": {"/tilmeld"}, "text": {text},
		"api_app_id": {"A0TILMELD"}, "response_url": {"https://hooks.slack.com/commands/soak"},
		"trigger_id": {trigger},
	}
	a, _, err := s.post("slack command "+firstWord(text), rng, "/slack/commands", "application/x-www-form-urlencoded", form.Encode(), nil)
	return a, err
}

func firstWord(text string) string {
	if text == "" {
		return "(none)"
	}
	return strings.Fields(text)[0]
}

// interact posts an interaction payload the way Slack does: a form with
// one field, payload, holding the JSON.
func (s *slackSide) interact(kind string, rng *rand.Rand, payload map[string]any, header http.Header) (answer, bool, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return answer{}, false, err
	}
	body := url.Values{"payload": {string(b)}}.Encode()
	return s.post(kind, rng, "/slack/interactions", "application/x-www-form-urlencoded", body, header)
}

func (s *slackSide) user(id string) map[string]any {
	return map[string]any{"id": id, "username": strings.ToLower(id), "name": strings.ToLower(id), "team_id": s.team}
}

// submission is a view_submission payload for an opened modal, with the
// given state values (block id → action id → value).
func (s *slackSide) submission(user, viewID string, view map[string]any, values map[string]any) map[string]any {
	return map[string]any{
		"type": "view_submission", "team": map[string]any{"id": s.team, "domain": "nordvest"},
		"user": s.user(user), "api_app_id": "A0TILMELD", "token": "legacy-token",
		"trigger_id": s.trigger(),
		"view": map[string]any{
			"id": viewID, "team_id": s.team, "type": "modal", "callback_id": view["callback_id"],
			"private_metadata": view["private_metadata"], "hash": fmt.Sprintf("%d.soak", time.Now().UnixNano()),
			"app_id": "A0TILMELD", "root_view_id": viewID, "bot_id": "B0TILMELD",
			"title": view["title"], "blocks": view["blocks"], "state": map[string]any{"values": values},
		},
		"response_urls": []any{},
	}
}

// buttonPress is a block_actions payload for a button on a channel card.
func (s *slackSide) buttonPress(user, messageTS, trigger string, b button) map[string]any {
	return map[string]any{
		"type": "block_actions", "team": map[string]any{"id": s.team, "domain": "nordvest"},
		"user": s.user(user), "api_app_id": "A0TILMELD", "token": "legacy-token",
		"container":    map[string]any{"type": "message", "message_ts": messageTS, "channel_id": s.staffChannel, "is_ephemeral": false},
		"trigger_id":   trigger,
		"channel":      map[string]any{"id": s.staffChannel, "name": "henvisninger"},
		"message":      map[string]any{"type": "message", "ts": messageTS, "text": "card"},
		"state":        map[string]any{"values": map[string]any{}},
		"response_url": "https://hooks.slack.com/actions/soak",
		"actions": []any{map[string]any{"action_id": b.ActionID, "block_id": "referral:" + b.Value,
			"text":  map[string]any{"type": "plain_text", "text": "button", "emoji": true},
			"value": b.Value, "type": "button", "action_ts": fmt.Sprintf("%d.%06d", time.Now().Unix(), s.next()%1000000)}},
	}
}

// homeOpened is an app_home_opened event.
func (s *slackSide) homeOpened(user, eventID string) string {
	b, _ := json.Marshal(map[string]any{
		"token": "legacy-token", "team_id": s.team, "api_app_id": "A0TILMELD", "type": "event_callback",
		"event_id": eventID, "event_time": time.Now().Unix(),
		"event": map[string]any{"type": "app_home_opened", "user": user, "channel": "D0" + user,
			"tab": "home", "event_ts": fmt.Sprintf("%d.000100", time.Now().Unix())},
	})
	return string(b)
}

// fillModal answers every input of a modal: a random choice for selects
// and radio buttons, every checkbox ticked (the consent), and text from
// text for the block ids it names.
func fillModal(view map[string]any, rng *rand.Rand, text map[string]string) map[string]any {
	values := map[string]any{}
	blocks, _ := view["blocks"].([]any)
	for _, b := range blocks {
		bm, _ := b.(map[string]any)
		if bm["type"] != "input" {
			continue
		}
		el, _ := bm["element"].(map[string]any)
		blockID, actionID := str(bm, "block_id"), str(el, "action_id")
		var v map[string]any
		switch t := str(el, "type"); t {
		case "static_select", "radio_buttons":
			opts := selectOptions(el)
			if len(opts) == 0 {
				continue
			}
			v = map[string]any{"type": t, "selected_option": opts[rng.IntN(len(opts))]}
		case "checkboxes":
			v = map[string]any{"type": t, "selected_options": selectOptions(el)}
		case "plain_text_input":
			v = map[string]any{"type": t, "value": text[blockID]}
		default:
			continue
		}
		values[blockID] = map[string]any{actionID: v}
	}
	return values
}

// selectOptions lists a select's options, inside option groups or not.
func selectOptions(el map[string]any) []any {
	opts, _ := el["options"].([]any)
	groups, _ := el["option_groups"].([]any)
	for _, g := range groups {
		gm, _ := g.(map[string]any)
		more, _ := gm["options"].([]any)
		opts = append(opts, more...)
	}
	return opts
}

// choose selects value in a filled-in select, if the modal offers it.
func choose(view map[string]any, values map[string]any, blockID, value string) {
	blocks, _ := view["blocks"].([]any)
	for _, b := range blocks {
		bm, _ := b.(map[string]any)
		if str(bm, "block_id") != blockID {
			continue
		}
		el, _ := bm["element"].(map[string]any)
		for _, o := range selectOptions(el) {
			if om, _ := o.(map[string]any); str(om, "value") == value {
				values[blockID] = map[string]any{str(el, "action_id"): map[string]any{"type": str(el, "type"), "selected_option": om}}
			}
		}
	}
}

// chosen is the value chosen for a block in filled-in state values.
func chosen(values map[string]any, blockID string) string {
	b, _ := values[blockID].(map[string]any)
	for _, v := range b {
		vm, _ := v.(map[string]any)
		if o, ok := vm["selected_option"].(map[string]any); ok {
			return str(o, "value")
		}
		return str(vm, "value")
	}
	return ""
}
