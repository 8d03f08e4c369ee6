-- SMS reminders, a place from the waiting list, and replies (issue 12).

-- When an activity's sessions are reminded of: off, the day before at the
-- same time, or two hours before.
ALTER TABLE activities ADD COLUMN sms_reminder text NOT NULL DEFAULT 'day_before'
    CONSTRAINT activities_sms_reminder CHECK (sms_reminder IN ('off', 'day_before', 'two_hours'));

-- A waiting-list sign-up that gets a place hears so, in the transaction
-- that gives it to her (a cancellation, capacity raised, staff).
CREATE FUNCTION signup_queue_promotion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (SELECT enabled FROM sms_settings) THEN
        RETURN NULL;
    END IF;
    INSERT INTO outbox (channel, kind, dedupe_key, method, order_key, payload, signup_id, phone_hash)
    SELECT 'sms', 'promoted', 'sms:promoted:' || n.id, 'sms',
           'sms:' || encode(substring(n.phone_hash FROM 1 FOR 8), 'hex'), '{}', n.id, n.phone_hash
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE o.status = 'waitlisted' AND n.status = 'confirmed' AND n.phone_hash IS NOT NULL
    ORDER BY n.id
    ON CONFLICT ON CONSTRAINT outbox_dedupe_key DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER signups_queue_promotion AFTER UPDATE ON signups
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION signup_queue_promotion();

-- Replies residents sent that were not a keyword: kept for staff, the text
-- sealed, erased like the rest of her data (by phone hash).
CREATE TABLE sms_inbound (
    id          bigserial PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now(),
    gateway_id  text NOT NULL CONSTRAINT sms_inbound_gateway_id UNIQUE,
    phone_hash  bytea,
    body        text NOT NULL DEFAULT '',  -- sealed
    action      text NOT NULL,             -- cancel, stop, for_staff
    handled_at  timestamptz
);
CREATE INDEX sms_inbound_for_staff ON sms_inbound (received_at) WHERE action = 'for_staff' AND handled_at IS NULL;

-- The "send my link again" limit looks up a number's recent link messages.
CREATE INDEX outbox_phone_kind ON outbox (phone_hash, kind, created_at) WHERE channel = 'sms';
