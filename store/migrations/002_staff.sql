-- The staff workspace: accounts, their sessions and password links, login
-- throttling, the append-only audit log, attendance at sessions, and who
-- helped a resident sign up.

CREATE TABLE staff (
    id             bigserial PRIMARY KEY,
    email          text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
    name           text NOT NULL CHECK (name <> ''),
    role           text NOT NULL DEFAULT 'staff' CHECK (role IN ('admin', 'staff')),
    lang           text NOT NULL DEFAULT 'da',
    password_hash  text NOT NULL DEFAULT '',   -- argon2id; '' until set through a link
    active         boolean NOT NULL DEFAULT true,
    last_login_at  timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    deactivated_at timestamptz,
    CONSTRAINT staff_email_key UNIQUE (email)
);

-- Only a hash of each secret token is kept: a copy of the database does
-- not log anyone in or set anyone's password.
CREATE TABLE staff_sessions (
    token_hash bytea PRIMARY KEY,
    staff_id   bigint NOT NULL REFERENCES staff (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

CREATE TABLE staff_password_links (
    token_hash bytea PRIMARY KEY,
    staff_id   bigint NOT NULL REFERENCES staff (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

-- Failed logins, counted per typed address and per network address; kept
-- only as long as they can still count.
CREATE TABLE login_failures (
    id    bigserial PRIMARY KEY,
    email text NOT NULL,
    addr  text NOT NULL,
    at    timestamptz NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_addr ON login_failures (addr, at);

CREATE TABLE login_locks (
    kind  text NOT NULL CHECK (kind IN ('account', 'address')),
    key   text NOT NULL,
    until timestamptz NOT NULL,
    PRIMARY KEY (kind, key)
);

-- Who did what to whom: every login, every view of one person's details,
-- every export and every status change. Rows are never changed or removed.
CREATE TABLE audit_log (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    staff_id bigint REFERENCES staff (id),   -- NULL: nobody logged in (a failed login)
    action   text NOT NULL,
    subject  text NOT NULL DEFAULT '',        -- e.g. signup:42, activity:7
    addr     text NOT NULL DEFAULT '',
    detail   jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_subject ON audit_log (subject, at);
CREATE INDEX audit_log_staff ON audit_log (staff_id, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

ALTER TABLE signups
    ADD COLUMN note            text NOT NULL DEFAULT '',
    ADD COLUMN assisted_by     bigint REFERENCES staff (id),
    ADD COLUMN consent_read_in text NOT NULL DEFAULT '';

-- Roll call: one row per person per session once someone has been marked.
-- A session with attendance cannot be deleted, so history stays.
CREATE TABLE attendance (
    session_id bigint NOT NULL REFERENCES activity_sessions (id),
    signup_id  bigint NOT NULL REFERENCES signups (id) ON DELETE CASCADE,
    present    boolean NOT NULL,
    marked_by  bigint NOT NULL REFERENCES staff (id),
    marked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, signup_id)
);
CREATE INDEX attendance_signup ON attendance (signup_id);
