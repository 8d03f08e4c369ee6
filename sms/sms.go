// Package sms sends text messages to residents' phones through a gateway.
// A Sender hides which gateway: GatewayAPI (a Danish gateway, over its
// REST API), a log sender for local use, or none. Adding another gateway
// is one file with one Send method.
package sms

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Message is one text to one phone.
type Message struct {
	To   string // E.164, e.g. +4512345678
	Text string
	// Ref is our reference for the message (the queue's id); the gateway
	// hands it back in delivery reports.
	Ref string
}

// Result is what the gateway said when it accepted a message.
type Result struct {
	ID    string // the gateway's id for the message; "" when it gives none
	Parts int    // how many parts it is billed as
}

// Sender hands messages to a gateway. Send returns nil only once the
// gateway has accepted the message; an error wrapping ErrPermanent means
// trying again cannot help (a refused number, a bad token), any other
// error that a later attempt may succeed.
type Sender interface {
	Send(ctx context.Context, m Message) (Result, error)
}

// ErrPermanent marks a failure that a retry cannot fix.
var ErrPermanent = errors.New("sms: refused for good")

// ErrOff is what the off sender answers: SMS is not configured.
var ErrOff = fmt.Errorf("sms is off (TILMELD_SMS=off): %w", ErrPermanent)

// RateLimited is a gateway's "too many requests" (HTTP 429): it took
// nothing, and asks the sender to wait After before sending anything
// again (0: it did not say how long).
type RateLimited struct{ After time.Duration }

func (e RateLimited) Error() string {
	if e.After == 0 {
		return "sms: the gateway asks to slow down"
	}
	return fmt.Sprintf("sms: the gateway asks to wait %v", e.After)
}

// Permanent reports whether err says a retry cannot help.
func Permanent(err error) bool { return errors.Is(err, ErrPermanent) }

// Off is the sender when SMS is not configured: it refuses everything,
// for good, so nothing waits in the queue for a gateway that never comes.
type Off struct{}

// Send refuses the message.
func (Off) Send(context.Context, Message) (Result, error) { return Result{}, ErrOff }
