// Package bot is Tilmeld's Slack app: partners refer residents with
// /tilmeld, staff move referrals on with buttons in their channel, and the
// partner hears back in a direct message. It is a thin adapter over the
// domain rules and the store: it verifies and parses Slack's requests,
// builds Block Kit layouts (all in blocks_*.go), and queues every Web API
// call except views.open in the store's outbox, which Worker sends.
package bot
