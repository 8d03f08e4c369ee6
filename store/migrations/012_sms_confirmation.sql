-- Every new sign-up with a phone number queues its confirmation SMS in
-- the statement that inserts it, so in its transaction: whichever code
-- path stores sign-ups (a resident's form, a batch, staff's assisted
-- sign-up), none is stored without its message. Only the kind and the
-- sign-up are queued; the text is written in her language when the
-- message is sent (notify.Renderer), so it is never stored at all.
-- Nothing is queued while SMS is off (sms_settings, set by tilmeld serve).
CREATE TABLE sms_settings (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    enabled boolean NOT NULL DEFAULT false
);
INSERT INTO sms_settings DEFAULT VALUES;

CREATE FUNCTION signup_queue_confirmation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (SELECT enabled FROM sms_settings) THEN
        RETURN NULL;
    END IF;
    -- Signing up again with her number is asking for messages again.
    DELETE FROM sms_optouts WHERE phone_hash IN (SELECT phone_hash FROM new_rows WHERE phone_hash IS NOT NULL);
    -- The order key names the phone as store.OutboxMessage does: by the
    -- first 8 bytes of its keyed hash.
    INSERT INTO outbox (channel, kind, dedupe_key, method, order_key, payload, signup_id, phone_hash)
    SELECT 'sms', 'confirmation', 'sms:confirmation:' || id, 'sms',
           'sms:' || encode(substring(phone_hash FROM 1 FOR 8), 'hex'), '{}', id, phone_hash
    FROM new_rows
    WHERE phone_hash IS NOT NULL AND status IN ('confirmed', 'waitlisted')
    ORDER BY id
    ON CONFLICT ON CONSTRAINT outbox_dedupe_key DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER signups_queue_confirmation AFTER INSERT ON signups
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION signup_queue_confirmation();
