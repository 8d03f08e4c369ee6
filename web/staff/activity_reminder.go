package staff

import (
	"context"

	"github.com/beboerprojekt-nordvest/tilmeld/domain"
)

// errCodeReminder is a reminder setting that is none of the choices.
const errCodeReminder = "staff.reminder.invalid"

// reminderErrors checks the draft's SMS reminder setting; none posted
// keeps the activity's.
func (d activityDraft) reminderErrors() []domain.FieldError {
	if d.Reminder == "" || domain.ReminderLead(d.Reminder).Valid() {
		return nil
	}
	return []domain.FieldError{{Field: "sms_reminder", Code: errCodeReminder}}
}

// withReminder fills the editor's SMS reminder setting from the store.
func (s *Server) withReminder(ctx context.Context, d activityDraft) (activityDraft, error) {
	lead, err := s.store.SMSReminder(ctx, d.ID)
	d.Reminder = string(lead)
	return d, err
}

// saveReminder stores the draft's SMS reminder setting, if one was posted.
func (s *Server) saveReminder(ctx context.Context, id int64, d activityDraft) error {
	if d.Reminder == "" {
		return nil
	}
	return s.store.SetSMSReminder(ctx, id, domain.ReminderLead(d.Reminder))
}

// ReminderChoices are the SMS reminder settings to choose from.
func (editView) ReminderChoices() []domain.ReminderLead { return domain.ReminderLeads }
