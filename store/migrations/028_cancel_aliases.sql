-- Old cancel links that still have to work (migration 010 keeps only a
-- token's hash; the service derives the token from the form key and the
-- data key when it must show it). A sign-up stored before migration 010
-- has a random token only she holds, and one made under a data key that
-- a rotation has since retired has a token nobody can derive: the short
-- link, the AFMELD reply and the link SMS could not reach her page.
-- The service gives such a sign-up a token derived under the current key
-- (store.RehashCancelTokens) and keeps the old hash here, so the link she
-- already holds keeps opening her page. Erasing her deletes them.
CREATE TABLE cancel_aliases (
    hash      text PRIMARY KEY,
    signup_id bigint NOT NULL REFERENCES signups (id) ON DELETE CASCADE
);
CREATE INDEX cancel_aliases_signup_id ON cancel_aliases (signup_id);
