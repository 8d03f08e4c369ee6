-- The sign-up rule moves back into Go (domain.DecideSignups). The store
-- locks the activity's row, reads what the rule needs in one query and
-- writes the batch with one INSERT and one UPDATE (store/signup_place.go),
-- so the database no longer decides places and waiting-list numbers.
-- The counting triggers (migration 006) and the status history trigger
-- (migration 007) stay: they follow every change to signups, staff's too.

DROP FUNCTION signup_create_batch(bigint, jsonb);
DROP TYPE signup_batch_item;
