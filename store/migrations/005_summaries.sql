-- Weekly summaries and the plan's indicators: the history of sign-up
-- statuses they count from, the indexes that keep one week's summary fast
-- at a million sign-ups, the once-per-channel-and-week record of posted
-- summaries, and which activities are jobs.

-- Every status a sign-up has had, and since when. A summary of a past
-- week counts places as they were when that week ended, so a later
-- cancellation does not change last month's numbers. The database keeps
-- it itself, whatever code changes a status: counts only, no names.
CREATE TABLE signup_events (
    id          bigserial PRIMARY KEY,
    signup_id   bigint NOT NULL REFERENCES signups (id) ON DELETE CASCADE,
    activity_id bigint NOT NULL,
    status      text NOT NULL,
    at          timestamptz NOT NULL
);
-- A status at a moment is the last one before it: read newest first.
CREATE INDEX signup_events_signup ON signup_events (signup_id, at DESC, id DESC) INCLUDE (status);
CREATE INDEX signup_events_at ON signup_events (at) INCLUDE (activity_id, signup_id, status);

CREATE FUNCTION signup_status_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO signup_events (signup_id, activity_id, status, at)
    VALUES (NEW.id, NEW.activity_id, NEW.status,
            CASE WHEN TG_OP = 'INSERT' THEN NEW.created_at ELSE NEW.status_at END);
    RETURN NULL;
END
$$;
CREATE TRIGGER signups_history_insert AFTER INSERT ON signups
    FOR EACH ROW EXECUTE FUNCTION signup_status_history();
CREATE TRIGGER signups_history_status AFTER UPDATE OF status ON signups
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION signup_status_history();

-- Sign-ups made before this migration, as well as can be told: a place
-- from the day they were made (the waiting list, if they are on it or got
-- their place later), and their present status since it was set.
INSERT INTO signup_events (signup_id, activity_id, status, at)
SELECT id, activity_id,
       CASE WHEN status = 'waitlisted' OR (status = 'confirmed' AND status_at > created_at)
            THEN 'waitlisted' ELSE 'confirmed' END,
       created_at
FROM signups;
INSERT INTO signup_events (signup_id, activity_id, status, at)
SELECT id, activity_id, status, status_at
FROM signups WHERE status NOT IN ('confirmed', 'waitlisted') OR status_at > created_at;

-- One week's summary reads ranges of time, never whole tables, and these
-- indexes carry every column it reads, so it need not visit the tables
-- (BenchmarkWeekSummary measures it with a million sign-ups and five
-- million attendance marks).
CREATE INDEX signups_created ON signups (created_at) INCLUDE (activity_id, department, age);
-- The sign-ups of an activity, for places, roll calls and participants.
CREATE INDEX signups_activity_members ON signups (activity_id, id)
    INCLUDE (created_at, status, status_at, department, age);
CREATE INDEX activity_sessions_starts ON activity_sessions (starts_at) INCLUDE (id, activity_id);
CREATE INDEX attendance_present ON attendance (session_id) INCLUDE (signup_id) WHERE present;
CREATE INDEX referrals_created ON referrals (created_at)
    INCLUDE (referrer_org, activity_id, offer_key, department, age_group);
-- Still open after 14 days: the open ones, and the ones changed since.
CREATE INDEX referrals_open ON referrals (status, created_at) INCLUDE (status_at, referrer_org);
CREATE INDEX referrals_changed ON referrals (status_at, created_at) INCLUDE (id, referrer_org);
CREATE INDEX referral_events_at ON referral_events (at) INCLUDE (referral_id, to_status, id);
CREATE INDEX referral_events_latest ON referral_events (referral_id, at DESC, id DESC) INCLUDE (to_status);

-- A summary posted (or being posted) to a channel for a week. The row is
-- claimed, under an advisory lock, in the transaction that queues the
-- Slack message, so with any number of instances each channel gets each
-- week's summary once. Slack's ts is kept as soon as Slack has accepted
-- the post, so a retry changes that message instead of posting another.
CREATE TABLE digest_posts (
    id            bigserial PRIMARY KEY,
    week          text NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
    channel       text NOT NULL,
    audience      text NOT NULL,              -- 'staff' or 'org:<organisation key>'
    due_at        timestamptz NOT NULL,
    claimed_at    timestamptz NOT NULL,
    claimed_by    text NOT NULL,              -- scheduler or command
    late          boolean NOT NULL DEFAULT false,
    slack_channel text NOT NULL DEFAULT '',
    slack_ts      text NOT NULL DEFAULT '',
    CONSTRAINT digest_posts_once UNIQUE (channel, week, audience)
);

ALTER TABLE slack_outbox ADD COLUMN digest_id bigint REFERENCES digest_posts (id);

-- Activities that are jobs, for the plan's count of pocket-money and
-- leisure jobs held for the whole period; staff mark them.
CREATE TABLE activity_job_kinds (
    activity_id bigint PRIMARY KEY REFERENCES activities (id),
    kind        text NOT NULL CHECK (kind IN ('pocket_money', 'leisure')),
    set_by      bigint REFERENCES staff (id),
    set_at      timestamptz NOT NULL DEFAULT now()
);
