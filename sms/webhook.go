package sms

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
)

// SignatureHeader carries GatewayAPI's proof that a webhook is its own: a
// JWT (HS256) signed with the webhook secret set on both sides.
const SignatureHeader = "X-Gwapi-Signature"

// VerifySignature reports whether a webhook's signature header was made
// with secret. An empty secret or header never verifies.
func VerifySignature(header, secret string) bool {
	if secret == "" || header == "" {
		return false
	}
	parts := strings.Split(header, ".")
	if len(parts) != 3 {
		return false
	}
	var h struct {
		Alg string `json:"alg"`
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil || json.Unmarshal(raw, &h) != nil || h.Alg != "HS256" {
		return false
	}
	got, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return false
	}
	return hmac.Equal(got, sign(parts[0]+"."+parts[1], secret))
}

// Sign makes a signature header for claims, as GatewayAPI does; the fake
// gateway uses it.
func Sign(claims any, secret string) string {
	head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	body, _ := json.Marshal(claims)
	unsigned := head + "." + base64.RawURLEncoding.EncodeToString(body)
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(sign(unsigned, secret))
}

func sign(s, secret string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(s))
	return m.Sum(nil)
}

// StatusReport is GatewayAPI's delivery-status webhook body.
type StatusReport struct {
	ID      uint64 `json:"id"`
	MSISDN  uint64 `json:"msisdn"`
	Time    int64  `json:"time"`
	Status  string `json:"status"` // DELIVERED, UNDELIVERABLE, EXPIRED, REJECTED, …
	Error   string `json:"error,omitempty"`
	Code    string `json:"code,omitempty"`
	UserRef string `json:"userref,omitempty"`
}

// Delivered reports whether the status is final and good.
func (r StatusReport) Delivered() bool { return r.Status == "DELIVERED" }

// Inbound is GatewayAPI's webhook body for a message a phone sent us (MO).
type Inbound struct {
	ID       uint64 `json:"id"`
	MSISDN   uint64 `json:"msisdn"`   // who wrote
	Receiver uint64 `json:"receiver"` // our number or keyword's number
	Message  string `json:"message"`
	SentTime int64  `json:"senttime"`
}

// From is the sender's number in E.164.
func (in Inbound) From() string { return "+" + strconv.FormatUint(in.MSISDN, 10) }
