-- One durable queue for every outgoing message, Slack and SMS alike
-- (issue 12). The Slack outbox becomes the outbox: a channel column says
-- which; due_at is now run_at (a reminder is queued days ahead). An SMS's
-- number and text are sealed like names (store/sealing.go) and emptied
-- once sent or when her data is erased; phone_hash (the number's keyed
-- hash) keeps messages to one phone in order and lets opt-outs and the
-- "send my link again" limit find them without the number.
ALTER TABLE slack_outbox RENAME TO outbox;
ALTER SEQUENCE slack_outbox_id_seq RENAME TO outbox_id_seq;
ALTER TABLE outbox RENAME CONSTRAINT slack_outbox_dedupe_key TO outbox_dedupe_key;
ALTER TABLE outbox RENAME COLUMN due_at TO run_at;
ALTER INDEX slack_outbox_pending RENAME TO outbox_pending;
ALTER INDEX slack_outbox_pending_order RENAME TO outbox_pending_order;
ALTER INDEX slack_outbox_recent RENAME TO outbox_recent;
ALTER TABLE outbox DROP CONSTRAINT slack_outbox_state_check;
ALTER TABLE outbox
    ADD CONSTRAINT outbox_state CHECK (state IN ('pending', 'sent', 'failed', 'cancelled')),
    ADD COLUMN channel    text NOT NULL DEFAULT 'slack' CONSTRAINT outbox_channel CHECK (channel IN ('slack', 'sms')),
    ADD COLUMN kind       text NOT NULL DEFAULT '',   -- sms: confirmation, reminder, offer, link, answer
    ADD COLUMN signup_id  bigint REFERENCES signups (id),
    ADD COLUMN phone_hash bytea,
    ADD COLUMN sms_to     text NOT NULL DEFAULT '',   -- sealed E.164 number
    ADD COLUMN sms_text   text NOT NULL DEFAULT '',   -- sealed text
    ADD COLUMN parts      int NOT NULL DEFAULT 0,     -- parts billed, once sent
    ADD COLUMN gateway_id text NOT NULL DEFAULT '',   -- the gateway's id, for delivery reports
    ADD COLUMN delivery   text NOT NULL DEFAULT '';   -- the gateway's last delivery status

CREATE INDEX outbox_sms_sent ON outbox (sent_at) WHERE channel = 'sms';
CREATE INDEX outbox_signup ON outbox (signup_id) WHERE signup_id IS NOT NULL;
CREATE INDEX outbox_phone ON outbox (phone_hash, created_at) WHERE phone_hash IS NOT NULL;
CREATE INDEX outbox_gateway_id ON outbox (gateway_id) WHERE gateway_id <> '';

-- A sign-up's short private link, /m/{code}, that fits an SMS.
ALTER TABLE signups ADD COLUMN short_code text CONSTRAINT signups_short_code_key UNIQUE;

-- Numbers that asked for no more messages (by their keyed hash), until
-- they sign up again and say yes.
CREATE TABLE sms_optouts (
    phone_hash bytea PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now()
);
