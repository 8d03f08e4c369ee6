-- pgbench twin of one sign-up: the same row into a twin of the same table, with the
-- same unique keys and indexes, one transaction each: sealed name, phone
-- and answers of the sizes the service writes (tk1:<key id>:<base64>),
-- and a 32-byte phone hash. :activity is filled in by run.sh; bench_seq
-- stands in for the arrival counter. bench_signups is signups LIKE ... INCLUDING
-- ALL: the same columns, defaults, checks and indexes, without the
-- triggers that keep the activity counts (those are part of what the
-- service pays for exact capacity, so the baseline leaves them out).
INSERT INTO bench_signups (activity_id, seq, reference, cancel_token, idempotency_key, status, name, phone,
    department, age, answers, lang, consent_version, consented_at, phone_hash, consent_lang, consent_by)
VALUES (:activity, nextval('bench_seq')::int, upper(substr(md5(random()::text), 1, 12)),
    md5(random()::text) || md5(random()::text), md5(random()::text), 'confirmed',
    'tk1:0a1b2c3d:' || encode(sha256(random()::text::bytea), 'base64'),
    'tk1:0a1b2c3d:' || encode(sha256(random()::text::bytea), 'base64'),
    'fsb-01-29', NULL,
    'tk1:0a1b2c3d:' || encode(sha256(random()::text::bytea) || sha256(random()::text::bytea) || sha256(random()::text::bytea) || sha256(random()::text::bytea), 'base64'),
    'da', '2026-11-27', now(), sha256(random()::text::bytea), 'da', 'resident');
