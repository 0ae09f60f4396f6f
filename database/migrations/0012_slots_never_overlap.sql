-- A doctor is never in two places at once: every slot gets its time range as instants, and the
-- database refuses a slot whose range overlaps another slot of the same doctor.
--  * starts_at / ends_at (timestamptz) are written by the application (Grains/Clock.cs converts the
--    doctor's local date and time); rows written before this migration are backfilled here with
--    PostgreSQL's AT TIME ZONE, which follows the same two rules at the clock changes (a skipped
--    local time is read with the offset before the jump, a repeated one is the later instant).
--  * slots_no_overlap: an exclusion constraint over (doctor_id, [starts_at, ends_at)). It is
--    DEFERRABLE INITIALLY IMMEDIATE so that one statement moving many slots at once (a doctor's
--    time zone change) is checked when the statement ends, not row by row mid-way.
--  * Slots that already overlapped an earlier slot of their doctor are kept as they were, marked
--    overlap_exempt (the constraint skips them; the application still refuses new slots that
--    overlap them). Nothing is deleted here.
-- Needs btree_gist (a trusted extension since PostgreSQL 13: the database owner may create it).
-- Safe to run again.

CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE slots ADD COLUMN IF NOT EXISTS starts_at timestamptz;
ALTER TABLE slots ADD COLUMN IF NOT EXISTS ends_at timestamptz;
ALTER TABLE slots ADD COLUMN IF NOT EXISTS overlap_exempt boolean NOT NULL DEFAULT false;

UPDATE slots s
SET starts_at = (s.date + s.time) AT TIME ZONE d.time_zone,
    ends_at = ((s.date + s.time) AT TIME ZONE d.time_zone) + make_interval(mins => s.duration_minutes)
FROM doctors d
WHERE d.id = s.doctor_id AND (s.starts_at IS NULL OR s.ends_at IS NULL);

ALTER TABLE slots ALTER COLUMN starts_at SET NOT NULL;
ALTER TABLE slots ALTER COLUMN ends_at SET NOT NULL;

ALTER TABLE slots DROP CONSTRAINT IF EXISTS slots_ends_after_start;
ALTER TABLE slots ADD CONSTRAINT slots_ends_after_start CHECK (ends_at > starts_at);

-- Finding a doctor's slots around a time (conflicts, working hours) without the exempt-only gist index.
CREATE INDEX IF NOT EXISTS idx_slots_doctor_starts ON slots (doctor_id, starts_at);

-- A slot overlaps an earlier one (by start, then id) when it starts before the latest end so far.
-- Among the slots left unmarked no two overlap. Once the constraint exists this finds nothing.
WITH ordered AS (
    SELECT id,
           starts_at < max(ends_at) OVER (PARTITION BY doctor_id ORDER BY starts_at, id
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS overlaps_earlier
    FROM slots
    WHERE NOT overlap_exempt
)
UPDATE slots s SET overlap_exempt = true
FROM ordered o
WHERE o.id = s.id AND o.overlaps_earlier;

DO 'BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = ''slots_no_overlap'' AND conrelid = ''slots''::regclass) THEN
        ALTER TABLE slots ADD CONSTRAINT slots_no_overlap
            EXCLUDE USING gist (doctor_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
            WHERE (NOT overlap_exempt)
            DEFERRABLE INITIALLY IMMEDIATE;
    END IF;
END';
