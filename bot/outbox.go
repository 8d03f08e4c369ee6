package bot

import (
	"encoding/json"
	"fmt"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/slack-go/slack"
)

// Web API methods the worker knows how to send.
const (
	methodPost      = "chat.postMessage"
	methodUpdate    = "chat.update"
	methodEphemeral = "chat.postEphemeral"
	methodPublish   = "views.publish"
	methodUserInfo  = "users.info"
)

// chatPayload is a queued chat.* call. Channel is empty for chat.update,
// whose channel and ts are the referral's message, known once posted.
type chatPayload struct {
	Channel string       `json:"channel,omitempty"`
	User    string       `json:"user,omitempty"` // chat.postEphemeral: who sees it
	Text    string       `json:"text"`
	Blocks  slack.Blocks `json:"blocks"`
}

type publishPayload struct {
	UserID string                   `json:"user_id"`
	View   slack.HomeTabViewRequest `json:"view"`
}

type userInfoPayload struct {
	User string `json:"user"`
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		// Only our own Block Kit values are marshalled here; failing to
		// encode one is a programming error.
		panic(fmt.Sprintf("bot: encode queued payload: %v", err))
	}
	return b
}

// postToChannel posts a referral's card in the staff channel and keeps
// its ts on the referral, for later updates.
func (b *Bot) postToChannel(referralID int64, m message) store.OutboxMessage {
	return store.OutboxMessage{
		Key: fmt.Sprintf("referral:%d:post", referralID), Method: methodPost,
		OrderKey: b.cfg.StaffChannel, Paced: true, ReferralID: referralID, RecordTS: true,
		Payload: mustJSON(chatPayload{Channel: b.cfg.StaffChannel, Text: m.Text, Blocks: slack.Blocks{BlockSet: m.Blocks}}),
	}
}

// updateInChannel rewrites a referral's card. It shares the channel's
// order key with the post, so it waits until the post has gone.
func (b *Bot) updateInChannel(referralID int64, key string, m message) store.OutboxMessage {
	return store.OutboxMessage{
		Key: key, Method: methodUpdate, OrderKey: b.cfg.StaffChannel, Paced: true, ReferralID: referralID,
		Payload: mustJSON(chatPayload{Text: m.Text, Blocks: slack.Blocks{BlockSet: m.Blocks}}),
	}
}

// directMessage writes to a user; posting to a user id lands in her
// conversation with the app.
func directMessage(key, userID string, m message) store.OutboxMessage {
	return store.OutboxMessage{
		Key: key, Method: methodPost, OrderKey: "dm:" + userID, Paced: true,
		Payload: mustJSON(chatPayload{Channel: userID, Text: m.Text, Blocks: slack.Blocks{BlockSet: m.Blocks}}),
	}
}

func ephemeralMessage(key, channel, userID string, m message) store.OutboxMessage {
	return store.OutboxMessage{
		Key: key, Method: methodEphemeral, OrderKey: "ephemeral:" + userID, Paced: true,
		Payload: mustJSON(chatPayload{Channel: channel, User: userID, Text: m.Text, Blocks: slack.Blocks{BlockSet: m.Blocks}}),
	}
}

func publishHome(key, userID string, v slack.HomeTabViewRequest) store.OutboxMessage {
	return store.OutboxMessage{Key: key, Method: methodPublish, OrderKey: "home:" + userID,
		Payload: mustJSON(publishPayload{UserID: userID, View: v})}
}

// lookupLocale asks Slack once for a user's language; the worker records
// the answer on her.
func lookupLocale(teamID, userID string) store.OutboxMessage {
	return store.OutboxMessage{Key: "users.info:" + teamID + ":" + userID, Method: methodUserInfo,
		OrderKey: "user:" + userID, TeamID: teamID, UserID: userID, Payload: mustJSON(userInfoPayload{User: userID})}
}
