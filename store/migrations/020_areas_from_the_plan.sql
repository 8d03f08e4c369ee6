-- Which areas of effort exist is the plan file's to say (issue 14): a
-- second plan has areas of its own, so the database no longer lists
-- Beboerprojekt Nordvest's four. The plan is checked at start-up, and
-- every activity is checked against it before it is written.
ALTER TABLE activities DROP CONSTRAINT IF EXISTS activities_area_check;
