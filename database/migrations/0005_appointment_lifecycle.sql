-- The life of an appointment after booking: an audit trail of every status change, and the
-- idempotency records that make a retried booking request safe. Safe to run again.

-- Why a slot was freed or taken: one row per status change, written in the same transaction.
CREATE TABLE IF NOT EXISTS appointment_events (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    appointment_id uuid         NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    from_status    varchar(20),
    to_status      varchar(20)  NOT NULL,
    at             timestamptz  NOT NULL,
    reason         varchar(200) NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_appointment_events_appointment ON appointment_events (appointment_id, id);

-- The first answer to a booking request sent with an Idempotency-Key. A booking's record is
-- inserted in the booking's own transaction, so a retry can never book twice.
CREATE TABLE IF NOT EXISTS idempotency_records (
    idempotency_key varchar(255) PRIMARY KEY,
    request_hash    varchar(64)  NOT NULL,
    outcome         varchar(20)  NOT NULL,
    appointment_id  uuid,
    created_at      timestamptz  NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_idempotency_records_created ON idempotency_records (created_at);
