-- A batch of sign-ups for one activity in one statement. The sign-ups
-- that arrive together for one activity were already stored in one
-- transaction (store/signup_batch.go), but each called signup_create, which
-- updated the activity's row twice (its arrival number, then its counts).
-- In a rush the row piled up a version per update inside one
-- transaction, every later look-up walked them all, and one database
-- backend spent a core on it. signup_create_batch takes the row lock once,
-- places everyone in arrival order as signup_create would, and writes the
-- batch with one INSERT and one update of the activity. It replaces
-- signup_create: a lone sign-up is a batch of one.
--
-- Looking for her number among the activity's sign-ups goes by her
-- number alone: signup_create's look-up, planned once per connection
-- while the table was small, scanned all the activity's sign-ups for every
-- new one.

DROP FUNCTION signup_create(bigint, text, bytea[], text, text, text, text, text, int, text, text,
    text, timestamptz, bigint, text, bytea, bytea, text, text);

-- The status history of new sign-ups, one statement per INSERT instead of
-- one trigger call per row.
DROP TRIGGER signups_history_insert ON signups;
CREATE FUNCTION signup_status_history_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO signup_events (signup_id, activity_id, status, at)
    SELECT id, activity_id, status, created_at FROM new_rows ORDER BY id;
    RETURN NULL;
END
$$;
CREATE TRIGGER signups_history_insert AFTER INSERT ON signups
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION signup_status_history_insert();

CREATE TYPE signup_batch_item AS (
    i int, idem text, reference text, token text, name text, phone text, department text,
    age int, answers text, lang text, consent_version text, consented_at timestamptz,
    assisted_by bigint, consent_read_in text, phone_hash bytea, guardian_phone_hash bytea,
    consent_lang text, consent_by text, hashes bytea[]);

-- p_items is a JSON array, in arrival order, of objects with the fields of
-- a sign-up (bytea as "\x…" hex strings). The caller guarantees that no two
-- items share an idempotency key or a phone number; those are decided one
-- after another, in batches of their own. One row per item
-- comes back, out_i its index in p_items; out_confirmed and
-- out_waitlisted are the activity's counts just after that item was
-- placed. A reference or token drawn twice fails the whole statement.
CREATE FUNCTION signup_create_batch(p_activity bigint, p_items jsonb)
RETURNS TABLE (out_i int, out_outcome text, out_id bigint, out_seq int, out_status text, out_reference text,
    out_token text, out_position int, out_confirmed int, out_waitlisted int, out_created_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    a       activities%ROWTYPE;
    prev    signups%ROWTYPE;
    items   signup_batch_item[];
    r       signup_batch_item;
    v_conf  int;
    v_wait  int;
    v_seq   int;
    v_new   int := 0;
    n_i     int[] := '{}';
    n_seq   int[] := '{}';
    n_stat  text[] := '{}';
    n_pos   int[] := '{}';
    n_conf  int[] := '{}';
    n_wait  int[] := '{}';
    h       bytea;
    v_pos   int;
    dup     boolean;
BEGIN
    SELECT * INTO a FROM activities WHERE id = p_activity FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT x.i, 'notfound', NULL::bigint, NULL::int, NULL, NULL, NULL, 0, 0, 0, NULL::timestamptz
            FROM jsonb_populate_recordset(NULL::signup_batch_item, p_items) x;
        RETURN;
    END IF;
    v_conf := a.confirmed_count;
    v_wait := a.waitlisted_count;
    v_seq := a.next_seq;
    SELECT array_agg(x ORDER BY x.i) INTO items FROM jsonb_populate_recordset(NULL::signup_batch_item, p_items) x;
    FOREACH r IN ARRAY items LOOP
        SELECT * INTO prev FROM signups WHERE idempotency_key = r.idem;
        IF FOUND THEN
            v_pos := 0;
            IF prev.status = 'waitlisted' THEN
                -- Her place on the waiting list, planned for this call: a
                -- plan cached while the table was empty may read all the
                -- activity's sign-ups rather than its waiting list.
                EXECUTE 'SELECT count(*)::int FROM signups
                    WHERE activity_id = $1 AND status = ''waitlisted'' AND seq <= $2'
                    INTO v_pos USING prev.activity_id, prev.seq;
            END IF;
            RETURN QUERY SELECT r.i, 'repeated', prev.id, prev.seq, prev.status, prev.reference, prev.cancel_token,
                v_pos, v_conf, v_wait, prev.created_at;
            CONTINUE;
        END IF;
        IF NOT a.signup_open OR a.archived THEN
            RETURN QUERY SELECT r.i, 'closed', NULL::bigint, NULL::int, NULL, NULL, NULL, 0, v_conf, v_wait, NULL::timestamptz;
            CONTINUE;
        END IF;
        -- Her number's sign-ups, found by the number alone, one hash at
        -- a time (one per data key in use). The plan for this statement
        -- is made once per connection, often while the table is still
        -- empty; given the activity too, it may well pick an index on the
        -- activity and read all its sign-ups for every new one.
        dup := false;
        FOREACH h IN ARRAY coalesce(r.hashes, '{}') LOOP
            FOR prev IN SELECT * FROM signups WHERE phone_hash = h LOOP
                dup := prev.activity_id = p_activity AND prev.status IN ('confirmed', 'waitlisted');
                EXIT WHEN dup;
            END LOOP;
            EXIT WHEN dup;
        END LOOP;
        IF dup THEN
            RETURN QUERY SELECT r.i, 'duplicate', prev.id, prev.seq, prev.status, prev.reference, NULL,
                0, v_conf, v_wait, prev.created_at;
            CONTINUE;
        END IF;
        v_seq := v_seq + 1;
        v_new := v_new + 1;
        n_i[v_new] := r.i;
        n_seq[v_new] := v_seq;
        IF a.capacity IS NULL OR v_conf < a.capacity THEN
            v_conf := v_conf + 1;
            n_stat[v_new] := 'confirmed';
            n_pos[v_new] := 0;
        ELSE
            v_wait := v_wait + 1;
            n_stat[v_new] := 'waitlisted';
            n_pos[v_new] := v_wait;
        END IF;
        n_conf[v_new] := v_conf;
        n_wait[v_new] := v_wait;
    END LOOP;
    IF v_new = 0 THEN
        RETURN;
    END IF;
    UPDATE activities SET next_seq = v_seq WHERE id = p_activity;
    RETURN QUERY
    WITH placed AS (
        SELECT * FROM unnest(n_i, n_seq, n_stat, n_pos, n_conf, n_wait) AS p(i, seq, status, pos, conf, wait)
    ), ins AS (
        INSERT INTO signups (activity_id, seq, reference, cancel_token, idempotency_key, status,
            name, phone, department, age, answers, lang, consent_version, consented_at,
            assisted_by, consent_read_in, phone_hash, guardian_phone_hash, consent_lang, consent_by)
        SELECT p_activity, p.seq, b.reference, b.token, b.idem, p.status,
            b.name, b.phone, b.department, b.age, b.answers, b.lang, b.consent_version, b.consented_at,
            nullif(b.assisted_by, 0), b.consent_read_in, b.phone_hash, b.guardian_phone_hash, b.consent_lang, b.consent_by
        FROM placed p JOIN unnest(items) AS b ON b.i = p.i
        ORDER BY p.seq
        RETURNING id, seq, reference, cancel_token, created_at
    )
    SELECT p.i, 'created', ins.id, ins.seq, p.status, ins.reference, ins.cancel_token, p.pos, p.conf, p.wait, ins.created_at
    FROM placed p JOIN ins ON ins.seq = p.seq;
END
$$;
