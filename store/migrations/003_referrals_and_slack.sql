-- Partners' referrals from Slack, their history, the partners' Slack
-- identities, and the durable queue of Slack Web API calls.

-- A partner as Slack knows her, and the organisation she refers for.
CREATE TABLE slack_users (
    team_id    text NOT NULL,
    user_id    text NOT NULL,
    org_key    text NOT NULL DEFAULT '',   -- '' until she has picked one
    locale     text NOT NULL DEFAULT '',   -- Slack's locale, e.g. en-US; '' while unknown
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id)
);

-- Referral numbers are what people say on the phone: H-1001, H-1002, …
CREATE SEQUENCE referral_numbers START 1001;

CREATE TABLE referrals (
    id               bigserial PRIMARY KEY,
    number           bigint NOT NULL DEFAULT nextval('referral_numbers'),
    activity_id      bigint REFERENCES activities (id),
    offer_key        text,
    first_name       text NOT NULL,
    phone            text NOT NULL DEFAULT '',  -- '' when contact goes through the referrer
    department       text NOT NULL,
    age_group        text NOT NULL,
    language         text NOT NULL,
    contact_method   text NOT NULL CHECK (contact_method IN ('call', 'sms', 'via_referrer')),
    note             text NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
    consent_version  text NOT NULL,
    consented_at     timestamptz NOT NULL,
    referrer_team_id text NOT NULL,
    referrer_user_id text NOT NULL,
    referrer_org     text NOT NULL,
    status           text NOT NULL CHECK (status IN ('sent', 'accepted', 'contacted', 'enrolled',
                         'waitlisted', 'declined', 'could_not_reach', 'withdrawn')),
    reason           text NOT NULL DEFAULT '',
    signup_id        bigint REFERENCES signups (id),
    status_by        text NOT NULL DEFAULT '',
    status_at        timestamptz NOT NULL DEFAULT now(),
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- Slack's ids: the modal it came from, so a repeated submission or a
    -- retry finds the first referral instead of making a second one …
    dedupe_key       text NOT NULL,
    slack_view_id    text NOT NULL DEFAULT '',
    slack_view_hash  text NOT NULL DEFAULT '',
    -- … and the staff-channel message about it, once posted.
    slack_channel    text NOT NULL DEFAULT '',
    slack_ts         text NOT NULL DEFAULT '',
    CONSTRAINT referrals_number_key UNIQUE (number),
    CONSTRAINT referrals_dedupe_key UNIQUE (dedupe_key),
    CONSTRAINT referrals_one_target CHECK ((activity_id IS NULL) <> (offer_key IS NULL)),
    CONSTRAINT referrals_declined_reason CHECK (status <> 'declined' OR reason <> '')
);

CREATE INDEX referrals_referrer ON referrals (referrer_team_id, referrer_user_id, created_at DESC);
CREATE INDEX referrals_status ON referrals (status, created_at);

-- Who changed what, and when: one row per status a referral has had.
CREATE TABLE referral_events (
    id          bigserial PRIMARY KEY,
    referral_id bigint NOT NULL REFERENCES referrals (id),
    from_status text NOT NULL DEFAULT '',   -- '' for the referral's creation
    to_status   text NOT NULL,
    reason      text NOT NULL DEFAULT '',
    signup_id   bigint REFERENCES signups (id),
    actor       text NOT NULL,              -- e.g. slack:U0123 or staff:login
    at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX referral_events_referral ON referral_events (referral_id, id);

-- Slack Web API calls waiting to be made, written in the same transaction
-- as the change that causes them, so nothing is lost when Slack is down.
CREATE TABLE slack_outbox (
    id           bigserial PRIMARY KEY,
    dedupe_key   text NOT NULL CONSTRAINT slack_outbox_dedupe_key UNIQUE,
    method       text NOT NULL,             -- chat.postMessage, chat.update, views.publish, users.info, …
    order_key    text NOT NULL,             -- calls with one order key go out one at a time, in id order
    paced        boolean NOT NULL DEFAULT false, -- at most one a second per order key (a channel)
    payload      jsonb NOT NULL,
    referral_id  bigint REFERENCES referrals (id),
    record_ts    boolean NOT NULL DEFAULT false, -- when sent, keep the message's ts on the referral
    team_id      text NOT NULL DEFAULT '',  -- users.info: whose locale the answer is
    user_id      text NOT NULL DEFAULT '',
    state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts     int NOT NULL DEFAULT 0,
    due_at       timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz,
    last_error   text NOT NULL DEFAULT '',
    result       jsonb,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX slack_outbox_pending ON slack_outbox (id) WHERE state = 'pending';
CREATE INDEX slack_outbox_pending_order ON slack_outbox (order_key, id) WHERE state = 'pending';
CREATE INDEX slack_outbox_recent ON slack_outbox (order_key, sent_at) WHERE paced;
