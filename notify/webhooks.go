package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
	"github.com/beboerprojekt-nordvest/tilmeld/sms"
	"github.com/beboerprojekt-nordvest/tilmeld/store"
)

// WebhookStore is what the gateway's webhooks change.
type WebhookStore interface {
	RecordSMSDelivery(ctx context.Context, gatewayID, status string) (bool, error)
	RecordInbound(ctx context.Context, gatewayID, from, body string, action store.InboundAction, notices ...store.OutboxMessage) (bool, error)
	NextActiveSignup(ctx context.Context, phone string) (domain.Signup, error)
	LatestSignup(ctx context.Context, phone string) (domain.Signup, error)
	CancelSignupByID(ctx context.Context, id int64) (store.CancelResult, error)
	ActivityByID(ctx context.Context, id int64) (store.ActivityWithCounts, error)
	OptOut(ctx context.Context, phone string) error
	Enqueue(ctx context.Context, msgs ...store.OutboxMessage) error
}

// Webhooks answers GatewayAPI's calls: POST /sms/status (delivery
// reports) and POST /sms/inbound (replies). A call not signed with the
// webhook secret gets 401 and changes nothing.
type Webhooks struct {
	Store    WebhookStore
	Renderer Renderer
	Secret   string
	Log      *slog.Logger
	// StaffNotice, when set, is the message that tells staff a reply for
	// them came (the Slack staff channel's); it must carry neither the
	// text nor the number. It is queued with the reply, once.
	StaffNotice func(gatewayID string) store.OutboxMessage
}

const maxWebhookBody = 64 << 10

func (h Webhooks) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !sms.VerifySignature(r.Header.Get(sms.SignatureHeader), h.Secret) {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	switch r.URL.Path {
	case "/sms/status":
		err = h.status(r.Context(), body)
	case "/sms/inbound":
		err = h.inbound(r.Context(), body)
	default:
		http.NotFound(w, r)
		return
	}
	var bad *json.SyntaxError
	var badType *json.UnmarshalTypeError
	switch {
	case errors.As(err, &bad), errors.As(err, &badType):
		http.Error(w, "bad request", http.StatusBadRequest)
	case err != nil:
		// Logged without the message: the gateway calls again.
		h.Log.Error("sms webhook", "path", r.URL.Path, "err", err)
		http.Error(w, "try again", http.StatusServiceUnavailable)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

func (h Webhooks) status(ctx context.Context, body []byte) error {
	var rep sms.StatusReport
	if err := json.Unmarshal(body, &rep); err != nil {
		return err
	}
	_, err := h.Store.RecordSMSDelivery(ctx, strconv.FormatUint(rep.ID, 10), rep.Status)
	return err
}

// inbound acts on a reply once: a cancelling word cancels her next
// sign-up, a stopping word stops all messages to the number, and she gets
// one answer saying which; anything else is kept (sealed) for staff.
func (h Webhooks) inbound(ctx context.Context, body []byte) error {
	var in sms.Inbound
	if err := json.Unmarshal(body, &in); err != nil {
		return err
	}
	from, id := in.From(), strconv.FormatUint(in.ID, 10)
	intent := domain.ParseReply(in.Message)
	action := map[domain.ReplyIntent]store.InboundAction{domain.ReplyCancel: store.InboundCancel,
		domain.ReplyStop: store.InboundStop}[intent]
	if action == "" {
		action = store.InboundForStaff
	}
	var notices []store.OutboxMessage
	if action == store.InboundForStaff && h.StaffNotice != nil {
		notices = append(notices, h.StaffNotice(id))
	}
	fresh, err := h.Store.RecordInbound(ctx, id, from, in.Message, action, notices...)
	if err != nil || !fresh {
		return err
	}
	h.Log.Info("sms reply", "id", id, "action", string(action))
	switch intent {
	case domain.ReplyCancel:
		return h.cancel(ctx, id, from)
	case domain.ReplyStop:
		if err := h.Store.OptOut(ctx, from); err != nil {
			return err
		}
		return h.answer(ctx, id, from, "sms.answer.stopped", domain.Signup{}, domain.Activity{})
	}
	return nil
}

func (h Webhooks) cancel(ctx context.Context, id, from string) error {
	su, err := h.Store.NextActiveSignup(ctx, from)
	if errors.Is(err, store.ErrNotFound) {
		return h.answer(ctx, id, from, "sms.answer.nothing", domain.Signup{}, domain.Activity{})
	}
	if err != nil {
		return err
	}
	if _, err := h.Store.CancelSignupByID(ctx, su.ID); err != nil {
		return err
	}
	a, err := h.Store.ActivityByID(ctx, su.ActivityID)
	if err != nil {
		return err
	}
	return h.answer(ctx, id, from, "sms.answer.cancelled", su, a.Activity)
}

// answer queues one answer, in the language of the sign-up it is about or
// of her latest sign-up.
func (h Webhooks) answer(ctx context.Context, id, from, msg string, su domain.Signup, a domain.Activity) error {
	if su.Lang == "" {
		if latest, err := h.Store.LatestSignup(ctx, from); err == nil {
			su.Lang = latest.Lang
		}
	}
	if su.Lang == "" {
		su.Lang = "da"
	}
	text := h.Renderer.About(msg, su, a, "")
	return h.Store.Enqueue(ctx, store.OutboxMessage{Channel: store.ChannelSMS, Kind: KindAnswer,
		Key: "sms:answer:" + id, To: from, Text: text, SignupID: su.ID})
}
