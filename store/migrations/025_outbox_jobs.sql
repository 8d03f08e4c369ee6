-- Scheduled work rides the outbox too (issue 12): a 'job' row runs code
-- at its run_at instead of sending a message, so the weekly summary and
-- the SMS reminder scan have the queue's claim, retries and exactly-once
-- across instances, and no poll loop of their own. kind names the job
-- (digest, reminders); dedupe_key names the run (job:digest:2026-W50).
ALTER TABLE outbox DROP CONSTRAINT outbox_channel;
ALTER TABLE outbox ADD CONSTRAINT outbox_channel CHECK (channel IN ('slack', 'sms', 'job'));
