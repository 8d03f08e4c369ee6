package staff

import (
	"context"
	"strconv"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// errCodeOfferHours is an offer time outside 2 to 168 hours.
const errCodeOfferHours = "staff.offer.invalid"

// offerErrors checks how long the draft's offers hold a place; none
// posted keeps the activity's.
func (d activityDraft) offerErrors() []domain.FieldError {
	if _, ok := domain.ParseOfferHours(d.OfferHours); d.OfferHours == "" || ok {
		return nil
	}
	return []domain.FieldError{{Field: "offer_hours", Code: errCodeOfferHours}}
}

// withOfferHours fills the editor's offer time from the store.
func (s *Server) withOfferHours(ctx context.Context, d activityDraft) (activityDraft, error) {
	h, err := s.store.OfferHours(ctx, d.ID)
	d.OfferHours = strconv.Itoa(h)
	return d, err
}

// saveOfferHours stores the draft's offer time, if one was posted.
func (s *Server) saveOfferHours(ctx context.Context, id int64, d activityDraft) error {
	h, ok := domain.ParseOfferHours(d.OfferHours)
	if !ok {
		return nil
	}
	return s.store.SetOfferHours(ctx, id, h)
}
