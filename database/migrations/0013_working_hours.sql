-- Working hours: per doctor a slot length, a buffer between appointments, weekly periods (local
-- times per weekday) and exceptions (a day off, or other hours on a date). The doctor's grain
-- generates free slots from them for a rolling horizon; slots.generated marks those slots, so a
-- change of the rules replaces only generated free slots and leaves hand-made ones alone.
-- Rules are always replaced whole (PUT), in one transaction. Safe to run again.

ALTER TABLE slots ADD COLUMN IF NOT EXISTS generated boolean NOT NULL DEFAULT false;

CREATE TABLE IF NOT EXISTS working_hours (
    doctor_id      uuid        PRIMARY KEY REFERENCES doctors (id) ON DELETE CASCADE,
    slot_minutes   int         NOT NULL CHECK (slot_minutes BETWEEN 5 AND 480),
    buffer_minutes int         NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 240),
    updated_at     timestamptz NOT NULL
);

-- A date with other hours than its weekday's; without periods it is a day off.
CREATE TABLE IF NOT EXISTS working_hours_exceptions (
    doctor_id uuid         NOT NULL REFERENCES working_hours (doctor_id) ON DELETE CASCADE,
    on_date   date         NOT NULL,
    note      varchar(200),
    PRIMARY KEY (doctor_id, on_date)
);

-- A period of work in the doctor's local time: weekly (weekday 0 = Sunday ... 6 = Saturday) or on an
-- exception's date.
CREATE TABLE IF NOT EXISTS working_hours_periods (
    doctor_id  uuid     NOT NULL REFERENCES working_hours (doctor_id) ON DELETE CASCADE,
    weekday    smallint CHECK (weekday BETWEEN 0 AND 6),
    on_date    date,
    start_time time     NOT NULL,
    end_time   time     NOT NULL,
    CONSTRAINT working_hours_periods_end_after_start CHECK (end_time > start_time),
    CONSTRAINT working_hours_periods_weekly_or_dated CHECK ((weekday IS NULL) <> (on_date IS NULL)),
    CONSTRAINT working_hours_periods_exception_fkey FOREIGN KEY (doctor_id, on_date)
        REFERENCES working_hours_exceptions (doctor_id, on_date) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS idx_working_hours_periods_doctor ON working_hours_periods (doctor_id);
