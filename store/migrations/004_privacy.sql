-- Privacy by design: personal fields sealed with the data key, phone
-- numbers found through keyed hashes, a consent record on every sign-up
-- and referral, the consent texts as they were agreed to, erasure after a
-- retention period, and an audit log that can be searched by person.

-- Names, phone numbers, answers and notes hold values sealed by package
-- crypt (tk1:<key id>:<base64>), never clear text; '' is an empty or
-- erased field. The answers were jsonb; sealed, they are text.
ALTER TABLE signups ALTER COLUMN answers TYPE text USING answers::text;

-- phone_hash and guardian_phone_hash are HMAC-SHA256 of the E.164 number
-- under a key derived from the data key: equal numbers give equal
-- hashes, but no one without the key can test a guessed number.
ALTER TABLE signups
    ADD COLUMN phone_hash          bytea,
    ADD COLUMN guardian_phone_hash bytea,
    -- Who said yes, in which language, to which version (consent_version)
    -- and when (consented_at); a staff member's id is assisted_by.
    ADD COLUMN consent_lang        text NOT NULL DEFAULT '',
    ADD COLUMN consent_by          text NOT NULL DEFAULT 'resident'
        CHECK (consent_by IN ('resident', 'guardian', 'staff')),
    -- When the personal fields were erased (retention or a request).
    ADD COLUMN erased_at           timestamptz;

UPDATE signups SET
    consent_lang = CASE WHEN consent_read_in <> '' THEN consent_read_in ELSE lang END,
    consent_by   = CASE WHEN assisted_by IS NOT NULL THEN 'staff' ELSE 'resident' END;

DROP INDEX signups_activity_phone;
CREATE INDEX signups_activity_phone_hash ON signups (activity_id, phone_hash);
CREATE INDEX signups_phone_hash ON signups (phone_hash) WHERE phone_hash IS NOT NULL;
CREATE INDEX signups_guardian_phone_hash ON signups (guardian_phone_hash) WHERE guardian_phone_hash IS NOT NULL;

-- A sealed note is longer than the note; domain.ReferralNoteMax (500
-- characters) is checked before sealing.
ALTER TABLE referrals DROP CONSTRAINT referrals_note_check;
ALTER TABLE referrals
    ADD COLUMN phone_hash   bytea,
    ADD COLUMN consent_lang text NOT NULL DEFAULT '',  -- the language of the form the partner saw
    ADD COLUMN consent_by   text NOT NULL DEFAULT 'resident'
        CHECK (consent_by IN ('resident', 'guardian')),
    ADD COLUMN erased_at    timestamptz;
CREATE INDEX referrals_phone_hash ON referrals (phone_hash) WHERE phone_hash IS NOT NULL;

-- Per activity: how many days after it ends its personal data is erased
-- (NULL: the service's default), and below which age a guardian must
-- consent (NULL: 18).
ALTER TABLE activities
    ADD COLUMN retention_days     int CHECK (retention_days IS NULL OR retention_days BETWEEN 1 AND 3650),
    ADD COLUMN guardian_below_age int CHECK (guardian_below_age IS NULL OR guardian_below_age BETWEEN 1 AND 25);

-- Every consent text as it read in each version and language, recorded
-- when a version is first served. Rows are never changed: new wording is
-- a new version, so what an earlier person agreed to stays on record.
CREATE TABLE consent_texts (
    message_id  text NOT NULL,  -- e.g. consent.signup.text
    version     text NOT NULL,  -- domain.ConsentVersion, domain.ReferralConsentVersion
    lang        text NOT NULL,
    text        text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (version, lang, message_id)
);

CREATE FUNCTION consent_texts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'consent_texts is append-only: new wording needs a new version'
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER consent_texts_no_change BEFORE UPDATE OR DELETE ON consent_texts
    FOR EACH ROW EXECUTE FUNCTION consent_texts_append_only();
CREATE TRIGGER consent_texts_no_truncate BEFORE TRUNCATE ON consent_texts
    FOR EACH STATEMENT EXECUTE FUNCTION consent_texts_append_only();

-- A person search or export names the records it touched in
-- detail.subjects (e.g. ["signup:42", "referral:7"]), never the phone
-- number; the audit viewer filters on it.
CREATE INDEX audit_log_detail_subjects ON audit_log USING gin ((detail -> 'subjects'));
