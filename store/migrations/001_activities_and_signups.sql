-- Activities residents sign up for, their sessions, and the sign-ups.

CREATE TABLE activities (
    id          bigserial PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    area        text NOT NULL CHECK (area IN ('uddannelse-og-livschancer', 'beskaeftigelse',
                    'kriminalitetsforebyggelse', 'sammenhaengskraft-og-medborgerskab')),
    texts       jsonb NOT NULL,          -- title, summary, audience, place, when: each per language
    min_age     int,
    max_age     int,
    starts_on   date,
    capacity    int CHECK (capacity IS NULL OR capacity >= 0),
    signup_open boolean NOT NULL DEFAULT true,
    archived    boolean NOT NULL DEFAULT false,
    pictogram   text NOT NULL DEFAULT '',
    form        jsonb NOT NULL,
    next_seq    int NOT NULL DEFAULT 0,  -- arrival counter, advanced under the row lock
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE activity_sessions (
    id          bigserial PRIMARY KEY,
    activity_id bigint NOT NULL REFERENCES activities (id),
    starts_at   timestamptz NOT NULL,
    minutes     int NOT NULL CHECK (minutes > 0),
    UNIQUE (activity_id, starts_at)
);

CREATE TABLE signups (
    id              bigserial PRIMARY KEY,
    activity_id     bigint NOT NULL REFERENCES activities (id),
    seq             int NOT NULL,
    reference       text NOT NULL,
    cancel_token    text NOT NULL,
    idempotency_key text NOT NULL,
    status          text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled', 'no_show')),
    name            text NOT NULL,
    phone           text NOT NULL,
    department      text NOT NULL DEFAULT '',
    age             int,
    answers         jsonb NOT NULL,
    lang            text NOT NULL,
    consent_version text NOT NULL,
    consented_at    timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    status_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT signups_reference_key UNIQUE (reference),
    CONSTRAINT signups_cancel_token_key UNIQUE (cancel_token),
    CONSTRAINT signups_idempotency_key UNIQUE (idempotency_key),
    UNIQUE (activity_id, seq)
);

CREATE INDEX signups_activity_status ON signups (activity_id, status, seq);
CREATE INDEX signups_activity_phone ON signups (activity_id, phone);
