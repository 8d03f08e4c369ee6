-- Who an activity is for, as the home page's filter asks residents:
-- children, youth, adults, families (issue 15). The plan file gives each
-- catalogue activity its audiences and a fresh database is seeded with
-- them; unlike the areas (migration 020) the four words are the filter's,
-- not the plan's, so the database checks them.
ALTER TABLE activities ADD COLUMN audiences text[] NOT NULL DEFAULT '{}'
    CONSTRAINT activities_audiences_check
    CHECK (audiences <@ ARRAY['children', 'youth', 'adults', 'families']::text[]);

-- A database seeded from Beboerprojekt Nordvest's catalogue before this
-- migration gets the audiences plans/nordvest.toml gives the same slugs.
-- Activities staff made themselves stay without: the filter's "all"
-- still shows them.
UPDATE activities a SET audiences = v.audiences
FROM (VALUES
    ('mamamove', ARRAY['adults', 'families']),
    ('eksamenstraening-dansk', ARRAY['youth']),
    ('eksamenstraening-matematik', ARRAY['youth']),
    ('valgambassador', ARRAY['adults']),
    ('foraeldre-for-forandring', ARRAY['adults']),
    ('familieoplevelsesklubben', ARRAY['families', 'children']),
    ('jobforloeb-barista', ARRAY['youth']),
    ('hjaelpetraener', ARRAY['youth']),
    ('jobaften', ARRAY['adults']),
    ('raad-til-bolig', ARRAY['youth', 'adults']),
    ('dialogaften-foraeldre', ARRAY['adults']),
    ('tryghedsmoede-munkevangen', ARRAY['adults'])
) AS v (slug, audiences)
WHERE a.slug = v.slug AND a.audiences = '{}';
