-- Domain schema: doctors publish slots, patients hold and book them.
-- Follows the seed design's tables and column names, plus what the engine needs:
-- appointments.slot_id, doctors.time_zone, slots.duration_minutes and the partial unique index
-- that lets the database alone guarantee one active (PENDING or CONFIRMED) appointment per slot.
-- Safe to run again.

CREATE TABLE IF NOT EXISTS doctors (
    id               uuid PRIMARY KEY,
    name             varchar(255) NOT NULL,
    specialization   varchar(100) NOT NULL,
    email            varchar(255) NOT NULL UNIQUE,
    phone            varchar(20)  NOT NULL,
    experience_years int CHECK (experience_years BETWEEN 0 AND 80),
    bio              text,
    clinic_name      varchar(255),
    time_zone        varchar(64)  NOT NULL DEFAULT 'UTC',
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_doctors_specialization ON doctors (specialization);

CREATE TABLE IF NOT EXISTS slots (
    id               uuid PRIMARY KEY,
    doctor_id        uuid        NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    date             date        NOT NULL,
    time             time        NOT NULL,
    duration_minutes int         NOT NULL DEFAULT 30 CHECK (duration_minutes BETWEEN 5 AND 480),
    is_available     boolean     NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (doctor_id, date, time)
);
CREATE INDEX IF NOT EXISTS idx_slots_doctor_date ON slots (doctor_id, date);

CREATE TABLE IF NOT EXISTS appointments (
    id               uuid PRIMARY KEY,
    slot_id          uuid         NOT NULL REFERENCES slots (id) ON DELETE CASCADE,
    doctor_id        uuid         NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    patient_name     varchar(255) NOT NULL,
    patient_email    varchar(255) NOT NULL,
    patient_phone    varchar(20)  NOT NULL,
    appointment_date date         NOT NULL,
    appointment_time time         NOT NULL,
    status           varchar(20)  NOT NULL DEFAULT 'PENDING'
                     CONSTRAINT appointments_status_check
                     CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED')),
    reason           text,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    expires_at       timestamptz,
    updated_at       timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_appointments_status ON appointments (status);
CREATE INDEX IF NOT EXISTS idx_appointments_expires_at ON appointments (expires_at);
CREATE INDEX IF NOT EXISTS idx_appointments_doctor_date ON appointments (doctor_id, appointment_date);
CREATE INDEX IF NOT EXISTS idx_appointments_created ON appointments (created_at DESC, id DESC);

-- The invariant: at most one active appointment per slot, whatever the application does.
CREATE UNIQUE INDEX IF NOT EXISTS ux_appointments_one_active_per_slot
    ON appointments (slot_id)
    WHERE status IN ('PENDING', 'CONFIRMED');
