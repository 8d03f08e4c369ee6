-- Private cancel tokens and form idempotency keys are kept only as hashes
-- (issue 13.4), as staff sessions already are: a copy of the database
-- must not let anyone cancel or erase a resident's sign-up.
--
-- cancel_token now holds the SHA-256 of the token, in hex; the service
-- looks a link up by hashing it, and derives the token again from the
-- idempotency key and the data key when it must show it (a form sent
-- twice, an SMS link). Links already handed out keep working: their hash
-- is what is stored now. Idempotency keys written since issue 13.3 are a
-- SHA-256 already (domain.BindFormKey); older ones are hashed here, which
-- only means an old form sent again is no longer taken for a repeat (the
-- one-per-person rule still catches it).
UPDATE signups SET
    cancel_token = encode(sha256(convert_to(cancel_token, 'UTF8')), 'hex'),
    idempotency_key = encode(sha256(convert_to(idempotency_key, 'UTF8')), 'hex');
