-- Each sign-up says whether she wants SMS about it (issue 12): the form
-- asks, ticked by default while SMS is on. A sign-up that said no gets no
-- message of any kind (confirmation, place from the waiting list,
-- reminder, her link again); one that said yes lifts an earlier "no more
-- messages" for her number. Saying no on one sign-up leaves her others
-- as they were. Sign-ups stored before this, and those made while the
-- form did not ask (SMS off), were never told no: true.
ALTER TABLE signups ADD COLUMN sms_ok boolean NOT NULL DEFAULT true;

CREATE OR REPLACE FUNCTION signup_queue_confirmation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (SELECT enabled FROM sms_settings) THEN
        RETURN NULL;
    END IF;
    -- Signing up again with her number and saying yes is asking for
    -- messages again.
    DELETE FROM sms_optouts WHERE phone_hash IN (SELECT phone_hash FROM new_rows WHERE phone_hash IS NOT NULL AND sms_ok);
    -- The order key names the phone as store.OutboxMessage does: by the
    -- first 8 bytes of its keyed hash.
    INSERT INTO outbox (channel, kind, dedupe_key, method, order_key, payload, signup_id, phone_hash)
    SELECT 'sms', 'confirmation', 'sms:confirmation:' || id, 'sms',
           'sms:' || encode(substring(phone_hash FROM 1 FOR 8), 'hex'), '{}', id, phone_hash
    FROM new_rows
    WHERE phone_hash IS NOT NULL AND sms_ok AND status IN ('confirmed', 'waitlisted')
    ORDER BY id
    ON CONFLICT ON CONSTRAINT outbox_dedupe_key DO NOTHING;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION signup_queue_promotion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (SELECT enabled FROM sms_settings) THEN
        RETURN NULL;
    END IF;
    INSERT INTO outbox (channel, kind, dedupe_key, method, order_key, payload, signup_id, phone_hash)
    SELECT 'sms', 'promoted', 'sms:promoted:' || n.id, 'sms',
           'sms:' || encode(substring(n.phone_hash FROM 1 FOR 8), 'hex'), '{}', n.id, n.phone_hash
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE o.status = 'waitlisted' AND n.status = 'confirmed' AND n.phone_hash IS NOT NULL AND n.sms_ok
    ORDER BY n.id
    ON CONFLICT ON CONSTRAINT outbox_dedupe_key DO NOTHING;
    RETURN NULL;
END
$$;
