-- An SMS short link (/m/{code}) opens her cancel page, so it is as private
-- as the cancel token: keep only its SHA-256 (hex), as migration 010 did
-- for cancel tokens. The code itself is derived from the sign-up's form key
-- with the data key (short_code_n says which of a few candidates was free),
-- so a copy of the database opens nobody's page. Codes drawn before this
-- migration keep working by their hash; the next SMS to such a sign-up
-- carries a new, derived code.
ALTER TABLE signups ADD COLUMN short_code_n smallint;
UPDATE signups SET short_code = encode(sha256(convert_to(short_code, 'UTF8')), 'hex')
    WHERE short_code IS NOT NULL;
