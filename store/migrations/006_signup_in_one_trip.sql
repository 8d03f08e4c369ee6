-- A sign-up in one round trip. Under load the activity's row lock, which
-- keeps capacity exact, was held across several round trips between the
-- service and the database, and counting the confirmed sign-ups grew with
-- every sign-up. Now each activity keeps its counts, kept by triggers,
-- and signup_create does the whole decision inside the database, so the
-- lock is held only for the work itself.

ALTER TABLE activities
    ADD COLUMN confirmed_count  int NOT NULL DEFAULT 0,
    ADD COLUMN waitlisted_count int NOT NULL DEFAULT 0;

UPDATE activities a SET confirmed_count = c.confirmed, waitlisted_count = c.waitlisted
FROM (SELECT activity_id,
             count(*) FILTER (WHERE status = 'confirmed')  AS confirmed,
             count(*) FILTER (WHERE status = 'waitlisted') AS waitlisted
      FROM signups GROUP BY activity_id) c
WHERE a.id = c.activity_id;

-- The counts follow every insert, status change and delete. Statement
-- triggers with transition tables add up a bulk load in one update per
-- activity instead of one per row.

CREATE FUNCTION signups_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE activities a SET
        confirmed_count  = a.confirmed_count  + d.confirmed,
        waitlisted_count = a.waitlisted_count + d.waitlisted
    FROM (SELECT activity_id,
                 count(*) FILTER (WHERE status = 'confirmed')  AS confirmed,
                 count(*) FILTER (WHERE status = 'waitlisted') AS waitlisted
          FROM new_rows GROUP BY activity_id) d
    WHERE a.id = d.activity_id AND (d.confirmed <> 0 OR d.waitlisted <> 0);
    RETURN NULL;
END
$$;

CREATE FUNCTION signups_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE activities a SET
        confirmed_count  = a.confirmed_count  - d.confirmed,
        waitlisted_count = a.waitlisted_count - d.waitlisted
    FROM (SELECT activity_id,
                 count(*) FILTER (WHERE status = 'confirmed')  AS confirmed,
                 count(*) FILTER (WHERE status = 'waitlisted') AS waitlisted
          FROM old_rows GROUP BY activity_id) d
    WHERE a.id = d.activity_id AND (d.confirmed <> 0 OR d.waitlisted <> 0);
    RETURN NULL;
END
$$;

CREATE FUNCTION signups_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE activities a SET
        confirmed_count  = a.confirmed_count  + d.confirmed,
        waitlisted_count = a.waitlisted_count + d.waitlisted
    FROM (SELECT activity_id, sum(confirmed) AS confirmed, sum(waitlisted) AS waitlisted FROM (
              SELECT activity_id, (status = 'confirmed')::int AS confirmed, (status = 'waitlisted')::int AS waitlisted
              FROM new_rows
              UNION ALL
              SELECT activity_id, -(status = 'confirmed')::int, -(status = 'waitlisted')::int
              FROM old_rows) x
          GROUP BY activity_id) d
    WHERE a.id = d.activity_id AND (d.confirmed <> 0 OR d.waitlisted <> 0);
    RETURN NULL;
END
$$;

CREATE TRIGGER signups_count_insert AFTER INSERT ON signups
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION signups_count_insert();
CREATE TRIGGER signups_count_delete AFTER DELETE ON signups
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION signups_count_delete();
CREATE TRIGGER signups_count_update AFTER UPDATE ON signups
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION signups_count_update();

-- signup_create stores one sign-up, or says why not, in one statement:
-- under the activity's row lock it returns an earlier sign-up made with
-- the same idempotency key ('repeated'), refuses a closed activity
-- ('closed') or a phone number already signed up ('duplicate', with that
-- sign-up's reference), and otherwise places her by the rule of
-- domain.Place: a place while fewer are confirmed than the capacity, the
-- waiting list after ('created'). Her position on the waiting list is the
-- count of those waiting, herself included, as she is the latest.
CREATE FUNCTION signup_create(
    p_activity bigint, p_idem text, p_phone_hashes bytea[], p_reference text, p_token text,
    p_name text, p_phone text, p_department text, p_age int, p_answers text, p_lang text,
    p_consent_version text, p_consented_at timestamptz, p_assisted_by bigint, p_consent_read_in text,
    p_phone_hash bytea, p_guardian_phone_hash bytea, p_consent_lang text, p_consent_by text)
RETURNS TABLE (out_outcome text, out_id bigint, out_seq int, out_status text, out_reference text,
    out_token text, out_position int, out_confirmed int, out_waitlisted int, out_created_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    a      activities%ROWTYPE;
    prev   signups%ROWTYPE;
    v_status text;
    v_seq    int;
BEGIN
    SELECT * INTO a FROM activities WHERE id = p_activity FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'notfound', NULL::bigint, NULL::int, NULL, NULL, NULL, 0, 0, 0, NULL::timestamptz;
        RETURN;
    END IF;
    SELECT * INTO prev FROM signups WHERE idempotency_key = p_idem;
    IF FOUND THEN
        RETURN QUERY SELECT 'repeated', prev.id, prev.seq, prev.status, prev.reference, prev.cancel_token,
            CASE WHEN prev.status = 'waitlisted' THEN (SELECT count(*)::int FROM signups w
                WHERE w.activity_id = prev.activity_id AND w.status = 'waitlisted' AND w.seq <= prev.seq) ELSE 0 END,
            a.confirmed_count, a.waitlisted_count, prev.created_at;
        RETURN;
    END IF;
    IF NOT a.signup_open OR a.archived THEN
        RETURN QUERY SELECT 'closed', NULL::bigint, NULL::int, NULL, NULL, NULL, 0, a.confirmed_count, a.waitlisted_count, NULL::timestamptz;
        RETURN;
    END IF;
    SELECT * INTO prev FROM signups WHERE activity_id = p_activity AND phone_hash = ANY (p_phone_hashes)
        AND signups.status IN ('confirmed', 'waitlisted') LIMIT 1;
    IF FOUND THEN
        RETURN QUERY SELECT 'duplicate', prev.id, prev.seq, prev.status, prev.reference, NULL,
            0, a.confirmed_count, a.waitlisted_count, prev.created_at;
        RETURN;
    END IF;
    v_status := CASE WHEN a.capacity IS NULL OR a.confirmed_count < a.capacity THEN 'confirmed' ELSE 'waitlisted' END;
    UPDATE activities SET next_seq = next_seq + 1 WHERE id = p_activity RETURNING next_seq INTO v_seq;
    INSERT INTO signups (activity_id, seq, reference, cancel_token, idempotency_key, status,
        name, phone, department, age, answers, lang, consent_version, consented_at,
        assisted_by, consent_read_in, phone_hash, guardian_phone_hash, consent_lang, consent_by)
    VALUES (p_activity, v_seq, p_reference, p_token, p_idem, v_status,
        p_name, p_phone, p_department, p_age, p_answers, p_lang, p_consent_version, p_consented_at,
        nullif(p_assisted_by, 0), p_consent_read_in, p_phone_hash, p_guardian_phone_hash, p_consent_lang, p_consent_by)
    RETURNING id, created_at INTO prev.id, prev.created_at;
    SELECT * INTO a FROM activities WHERE id = p_activity;
    RETURN QUERY SELECT 'created', prev.id, v_seq, v_status, p_reference, p_token,
        CASE WHEN v_status = 'waitlisted' THEN a.waitlisted_count ELSE 0 END,
        a.confirmed_count, a.waitlisted_count, prev.created_at;
END
$$;
