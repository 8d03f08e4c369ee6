package bot

import (
	"strings"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/slack-go/slack"
)

// SMSReplyNotice makes the staff channel's notice of an SMS reply for
// staff, to be queued with the reply itself (notify.Webhooks.StaffNotice).
// It links to the staff page of replies and carries neither the reply's
// text nor the number; its key is the gateway's message id, so a reply
// is announced once however often the gateway calls.
func SMSReplyNotice(bundle *i18n.Bundle, staffChannel, baseURL string) func(gatewayID string) store.OutboxMessage {
	t := tr{lang: domain.DefaultLang, loc: i18n.NewLocalizer(bundle, domain.DefaultLang)}
	m := smsReplyMessage(t, strings.TrimRight(baseURL, "/")+"/staff/replies")
	payload := mustJSON(chatPayload{Channel: staffChannel, Text: m.Text, Blocks: slack.Blocks{BlockSet: m.Blocks}})
	return func(gatewayID string) store.OutboxMessage {
		return store.OutboxMessage{Key: "sms-reply:" + gatewayID, Method: methodPost, OrderKey: staffChannel,
			Paced: true, Payload: payload}
	}
}
