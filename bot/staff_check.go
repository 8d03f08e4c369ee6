package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/slack-go/slack"
)

// errReferralGone means the referral a button or modal names was erased:
// there is nothing left to move on.
var errReferralGone = errors.New("the referral was erased")

// inStaffChannel asks Slack whether the user is in the staff channel now.
// A modal stays open for as long as she likes, and she may have left the
// channel (or been removed from it) since she pressed the button.
func (b *Bot) inStaffChannel(ctx context.Context, userID string) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, ackBudget/2)
	defer cancel()
	p := &slack.GetUsersInConversationParameters{ChannelID: b.cfg.StaffChannel, Limit: 1000}
	for {
		members, next, err := b.api.GetUsersInConversationContext(ctx, p)
		if err != nil {
			return false, fmt.Errorf("conversations.members: %w", err)
		}
		if slices.Contains(members, userID) {
			return true, nil
		}
		if next == "" {
			return false, nil
		}
		p.Cursor = next
	}
}
