-- Waiting-list offers (issue 12). When a place frees and SMS is on, the
-- first in line with a mobile number is offered it rather than given it:
-- she stays waitlisted, the place is held for her until offer_expires_at,
-- and she accepts or declines on her own page. An offer not answered in
-- time passes to the next in line (store.ExpireOffers).

-- How long an offer holds a place, per activity.
ALTER TABLE activities
    ADD COLUMN offer_hours int NOT NULL DEFAULT 48
        CONSTRAINT activities_offer_hours CHECK (offer_hours BETWEEN 2 AND 168),
    -- Places held by offers not yet answered, kept by the triggers below
    -- like confirmed_count: read under the activity's row lock, it is
    -- always the latest.
    ADD COLUMN offered_count int NOT NULL DEFAULT 0;

-- An offer is outstanding while the sign-up is waitlisted with a
-- deadline. offer_outcome says how the last offer ended, for her page.
ALTER TABLE signups
    ADD COLUMN offer_expires_at timestamptz,
    ADD COLUMN offer_outcome text
        CONSTRAINT signups_offer_outcome CHECK (offer_outcome IN ('accepted', 'declined', 'expired'));

-- What ExpireOffers looks for: outstanding offers by deadline.
CREATE INDEX signups_offers_due ON signups (offer_expires_at, activity_id)
    WHERE status = 'waitlisted' AND offer_expires_at IS NOT NULL;

-- Leaving the waiting list by any road (accepting, declining, running
-- out, staff, a reply, an erasure) ends the offer, so a sign-up staff put
-- back on the waiting list later holds nothing.
CREATE FUNCTION signup_offer_ends() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.offer_expires_at := NULL;
    RETURN NEW;
END
$$;
CREATE TRIGGER signups_offer_ends BEFORE UPDATE OF status ON signups
    FOR EACH ROW WHEN (NEW.status <> 'waitlisted' AND NEW.offer_expires_at IS NOT NULL)
    EXECUTE FUNCTION signup_offer_ends();

CREATE FUNCTION signups_count_offers_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE activities a SET offered_count = a.offered_count + d.n
    FROM (SELECT activity_id, sum(n) AS n FROM (
              SELECT activity_id, 1 AS n FROM new_rows
              WHERE status = 'waitlisted' AND offer_expires_at IS NOT NULL
              UNION ALL
              SELECT activity_id, -1 FROM old_rows
              WHERE status = 'waitlisted' AND offer_expires_at IS NOT NULL) x
          GROUP BY activity_id) d
    WHERE a.id = d.activity_id AND d.n <> 0;
    RETURN NULL;
END
$$;
CREATE FUNCTION signups_count_offers_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE activities a SET offered_count = a.offered_count - d.n
    FROM (SELECT activity_id, count(*) AS n FROM old_rows
          WHERE status = 'waitlisted' AND offer_expires_at IS NOT NULL GROUP BY activity_id) d
    WHERE a.id = d.activity_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER signups_count_offers_update AFTER UPDATE ON signups
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION signups_count_offers_update();
CREATE TRIGGER signups_count_offers_delete AFTER DELETE ON signups
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION signups_count_offers_delete();
