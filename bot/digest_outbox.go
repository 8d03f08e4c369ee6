package bot

import (
	"context"
	"fmt"

	"github.com/beboerprojekt-nordvest/tilmeld/store"
	"github.com/slack-go/slack"
)

// digestPost posts a claimed summary to its channel. The outbox keeps the
// ts Slack answers with on the claim, for a retry or a refresh.
func digestPost(id int64, channel string, m message) store.OutboxMessage {
	return store.OutboxMessage{
		Key: fmt.Sprintf("digest:%d:post", id), Method: methodPost, OrderKey: channel, Paced: true, DigestID: id,
		Payload: mustJSON(chatPayload{Channel: channel, Text: m.Text, Blocks: slack.Blocks{BlockSet: m.Blocks}}),
	}
}

// digestUpdate changes a posted summary. It shares the channel's order
// key with the post, so it waits until the post has gone.
func digestUpdate(id int64, channel, key string, m message) store.OutboxMessage {
	return store.OutboxMessage{
		Key: key, Method: methodUpdate, OrderKey: channel, Paced: true, DigestID: id,
		Payload: mustJSON(chatPayload{Text: m.Text, Blocks: slack.Blocks{BlockSet: m.Blocks}}),
	}
}

// post makes a queued chat.postMessage. A summary Slack has accepted
// before (its ts is kept) is changed instead, so a retry never posts it
// twice; and once Slack accepts a summary, its ts is kept at once, before
// the delivery is recorded, so that a failure to record it still leaves
// the retry knowing.
func (w *Worker) post(ctx context.Context, it store.OutboxItem, channel string, opts []slack.MsgOption) (string, string, error) {
	if it.DigestID != 0 && it.DigestTS != "" {
		ch, ts, _, err := w.api.UpdateMessageContext(ctx, it.DigestChannel, it.DigestTS, opts...)
		return ch, ts, err
	}
	ch, ts, err := w.api.PostMessageContext(ctx, channel, opts...)
	if err == nil && it.DigestID != 0 {
		if err := w.st.RecordDigestTS(context.WithoutCancel(ctx), it.DigestID, ch, ts); err != nil {
			w.log.Warn("slack: keep summary ts", "digest", it.DigestID, "err", err)
		}
	}
	return ch, ts, err
}

// updateTarget is the message a chat.update changes: a summary's or a
// referral's card.
func updateTarget(it store.OutboxItem) (channel, ts string) {
	if it.DigestID != 0 {
		return it.DigestChannel, it.DigestTS
	}
	return it.ReferralChannel, it.ReferralTS
}
