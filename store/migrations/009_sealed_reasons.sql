-- Staff's free-text reasons (issue 13.5) are sealed like notes
-- (store/sealing.go), erased with the person, and never copied: the audit
-- log and the Slack outbox keep at most a reference to one.

-- The reason of a sign-up's status change, one row per change; its audit
-- line names the row (detail.reason_ref), not the text. '' once erased.
CREATE TABLE staff_reasons (
    id         bigserial PRIMARY KEY,
    subject    text NOT NULL,              -- signup:42
    reason     text NOT NULL DEFAULT '',   -- sealed
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_reasons_subject ON staff_reasons (subject);

-- Reasons already in the audit log move out of it. The log is
-- append-only for the service; this one rewrite replaces each text by a
-- reference. The moved texts are not sealed yet (SQL has no key): the
-- store reads them as they are until `tilmeld keys rotate` seals them.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change;
DO $$
DECLARE
    line record;
    ref  bigint;
BEGIN
    FOR line IN SELECT a.id, a.subject, a.at, a.detail ->> 'reason' AS reason,
            EXISTS (SELECT 1 FROM signups s WHERE 'signup:' || s.id = a.subject AND s.erased_at IS NOT NULL) AS erased
        FROM audit_log a WHERE a.detail ? 'reason' ORDER BY a.id
    LOOP
        INSERT INTO staff_reasons (subject, reason, created_at)
            VALUES (line.subject, CASE WHEN line.erased THEN '' ELSE coalesce(line.reason, '') END, line.at)
            RETURNING id INTO ref;
        UPDATE audit_log SET detail = (detail - 'reason') || jsonb_build_object('reason_ref', ref) WHERE id = line.id;
    END LOOP;
END
$$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change;

-- A referral's reason, and each history entry's, are sealed in place and
-- emptied when the referral is erased, so a declined referral may have
-- no reason left. The partner is told a category instead of the text.
ALTER TABLE referrals DROP CONSTRAINT referrals_declined_reason;
ALTER TABLE referrals ADD COLUMN decline_category text NOT NULL DEFAULT ''
    CONSTRAINT referrals_decline_category CHECK (decline_category IN
        ('', 'no_places', 'not_for_them', 'elsewhere', 'not_wanted', 'other'));
UPDATE referrals SET decline_category = 'other' WHERE status = 'declined';
UPDATE referrals SET reason = '' WHERE erased_at IS NOT NULL;
UPDATE referral_events e SET reason = '' FROM referrals r WHERE r.id = e.referral_id AND r.erased_at IS NOT NULL;

-- Messages to partners carried the decline reason: take its block out of
-- every queued or sent message. The queue is slack_outbox or, once
-- migration 011 has run, outbox.
DO $$
DECLARE
    queue text := CASE WHEN to_regclass('outbox') IS NOT NULL THEN 'outbox' ELSE 'slack_outbox' END;
BEGIN
    EXECUTE format($q$
        UPDATE %I SET payload = jsonb_set(payload, '{blocks}', coalesce((
            SELECT jsonb_agg(b ORDER BY n) FROM jsonb_array_elements(payload -> 'blocks') WITH ORDINALITY AS x(b, n)
            WHERE NOT (b -> 'text' ->> 'text' LIKE '*Begrundelse:*%%' OR b -> 'text' ->> 'text' LIKE '*Reason:*%%')), '[]'))
        WHERE dedupe_key LIKE 'referral:%%:dm:declined%%' AND jsonb_typeof(payload -> 'blocks') = 'array'$q$, queue);
END
$$;
