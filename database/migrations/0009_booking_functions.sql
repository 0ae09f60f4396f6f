-- The slot grain's writes as server-side functions, so that each one is a single round trip:
-- a booking is BEGIN ISOLATION LEVEL SERIALIZABLE; SELECT * FROM booking_hold(...); COMMIT sent as one
-- batch, and a transition or a deletion is one statement. A SERIALIZABLE transaction that stays open
-- across several round trips collides with its neighbours; one that is open for a single exchange
-- rarely does. Every function answers with the same row shape: an outcome, the slot as it now stands
-- (where it sits, who holds it until when) and one appointment, so that the grain learns all it has to
-- remember from the write itself and never reads its row first. Safe to run again.

-- Holds past their time, for the expiry sweep that backs up the reminders; bookings never read it.
CREATE INDEX IF NOT EXISTS idx_appointments_pending_expiry ON appointments (expires_at) WHERE status = 'PENDING';
-- Replaced by the partial index above; no query filters on status alone (listings compute the status a
-- client sees), and each entry was one more index write per booking and per status change.
DROP INDEX IF EXISTS idx_appointments_expires_at;
DROP INDEX IF EXISTS idx_appointments_status;

DROP FUNCTION IF EXISTS booking_hold(uuid, uuid, text, text, text, text, timestamptz, timestamptz, text, text);
DROP FUNCTION IF EXISTS booking_transition(uuid, uuid, text[], boolean, text, boolean, text, timestamptz);
DROP FUNCTION IF EXISTS booking_delete_slot(uuid, timestamptz);
DROP FUNCTION IF EXISTS booking_lock_slot(uuid);
-- CASCADE: run again on a database migrated further, it also drops the later scripts' functions of this row type,
-- which those scripts, run again after this one, create anew.
DROP TYPE IF EXISTS booking_slot_write CASCADE;

-- outcome: BOOKED, SLOT_TAKEN, SLOT_NOT_FOUND, SLOT_IN_PAST (booking_hold); CHANGED, NOT_APPLICABLE,
-- APPOINTMENT_NOT_FOUND, SLOT_NOT_FOUND (booking_transition); DELETED, HELD, SLOT_NOT_FOUND (deletion);
-- LOCKED, SLOT_NOT_FOUND (booking_lock_slot, which the others call first).
-- The slot_* columns are NULL when the slot does not exist, the a_* columns when there is no appointment to show.
CREATE TYPE booking_slot_write AS (
    outcome               text,
    slot_doctor_id        uuid,
    slot_date             date,
    slot_time             time,
    slot_duration_minutes int,
    slot_created_at       timestamptz,
    slot_time_zone        text,
    slot_held_by          uuid,
    slot_hold_expires_at  timestamptz,
    a_id                  uuid,
    a_slot_id             uuid,
    a_doctor_id           uuid,
    a_patient_name        text,
    a_patient_email       text,
    a_patient_phone       text,
    a_reason              text,
    a_date                date,
    a_time                time,
    a_status              text,
    a_created_at          timestamptz,
    a_expires_at          timestamptz,
    a_updated_at          timestamptz
);

-- Locks the slot row for the rest of the transaction and answers with what it says (outcome LOCKED), or
-- SLOT_NOT_FOUND. Every writer of a slot takes this lock first, so writers of one slot queue here and never
-- deadlock with each other.
CREATE FUNCTION booking_lock_slot(p_slot_id uuid)
RETURNS booking_slot_write
LANGUAGE plpgsql AS $$
DECLARE
    r booking_slot_write;
BEGIN
    SELECT 'LOCKED', sl.doctor_id, sl.date, sl.time, sl.duration_minutes, sl.created_at, d.time_zone, sl.held_by, sl.hold_expires_at
    INTO r.outcome, r.slot_doctor_id, r.slot_date, r.slot_time, r.slot_duration_minutes, r.slot_created_at, r.slot_time_zone,
         r.slot_held_by, r.slot_hold_expires_at
    FROM slots sl JOIN doctors d ON d.id = sl.doctor_id
    WHERE sl.id = p_slot_id
    FOR UPDATE OF sl;
    IF NOT FOUND THEN
        r.outcome := 'SLOT_NOT_FOUND';
    END IF;
    RETURN r;
END
$$;

-- Places a PENDING hold unless an unexpired hold or a confirmed appointment holds the slot. The slot row
-- says who holds the slot until when. A lapsed hold is expired on the way. The appointment, the slot's
-- record of its holder, the event and the idempotency record (when a key is given) are written together.
-- Should anything bypass the row lock, the partial unique index on appointments refuses a second active
-- appointment, and a key that was used before fails on the idempotency record's primary key; the caller
-- turns both into answers.
CREATE FUNCTION booking_hold(
    p_slot_id uuid, p_appointment_id uuid,
    p_patient_name text, p_patient_email text, p_patient_phone text, p_reason text,
    p_now timestamptz, p_expires_at timestamptz,
    p_idempotency_key text, p_request_hash text)
RETURNS booking_slot_write
LANGUAGE plpgsql AS $$
DECLARE
    r booking_slot_write := booking_lock_slot(p_slot_id);
BEGIN
    IF r.outcome = 'SLOT_NOT_FOUND' THEN
        RETURN r;
    END IF;

    IF (r.slot_date + r.slot_time) AT TIME ZONE r.slot_time_zone <= p_now THEN
        r.outcome := 'SLOT_IN_PAST';
        RETURN r;
    END IF;

    IF r.slot_held_by IS NOT NULL AND (r.slot_hold_expires_at IS NULL OR r.slot_hold_expires_at > p_now) THEN
        r.outcome := 'SLOT_TAKEN';
        RETURN r;
    END IF;

    IF r.slot_held_by IS NOT NULL THEN
        UPDATE appointments SET status = 'EXPIRED', updated_at = p_now
        WHERE id = r.slot_held_by AND status = 'PENDING' AND expires_at <= p_now;
        IF FOUND THEN
            INSERT INTO appointment_events (appointment_id, from_status, to_status, at, reason)
            VALUES (r.slot_held_by, 'PENDING', 'EXPIRED', p_now, 'hold lapsed; found by a later booking of the slot');
        END IF;
    END IF;

    INSERT INTO appointments (id, slot_id, doctor_id, patient_name, patient_email, patient_phone, reason,
                              appointment_date, appointment_time, status, created_at, expires_at, updated_at)
    VALUES (p_appointment_id, p_slot_id, r.slot_doctor_id, p_patient_name, p_patient_email, p_patient_phone, p_reason,
            r.slot_date, r.slot_time, 'PENDING', p_now, p_expires_at, p_now);
    UPDATE slots SET is_available = false, held_by = p_appointment_id, hold_expires_at = p_expires_at, updated_at = p_now
    WHERE id = p_slot_id;
    INSERT INTO appointment_events (appointment_id, from_status, to_status, at, reason)
    VALUES (p_appointment_id, NULL, 'PENDING', p_now, 'booked');
    IF p_idempotency_key IS NOT NULL THEN
        INSERT INTO idempotency_records (idempotency_key, request_hash, outcome, appointment_id, created_at)
        VALUES (p_idempotency_key, p_request_hash, 'BOOKED', p_appointment_id, p_now);
    END IF;

    r.outcome := 'BOOKED';
    r.slot_held_by := p_appointment_id; r.slot_hold_expires_at := p_expires_at;
    r.a_id := p_appointment_id; r.a_slot_id := p_slot_id; r.a_doctor_id := r.slot_doctor_id;
    r.a_patient_name := p_patient_name; r.a_patient_email := p_patient_email; r.a_patient_phone := p_patient_phone;
    r.a_reason := p_reason; r.a_date := r.slot_date; r.a_time := r.slot_time; r.a_status := 'PENDING';
    r.a_created_at := p_now; r.a_expires_at := p_expires_at; r.a_updated_at := p_now;
    RETURN r;
END
$$;

-- One status change as a compare-and-swap: it happens only from an allowed status, and a PENDING hold must
-- be live (confirm, cancel) or lapsed (expire). The event records the status it left; the slot row follows
-- (a confirmed hold has no end, a cancelled or expired one frees the slot). When the change does not
-- apply, the appointment is returned as it stands, so the caller can say why. Runs as one statement at
-- READ COMMITTED: it locks the slot row (first, as bookings do) and the appointment row, and re-checks the
-- status before changing it; a transition never makes a second appointment active.
CREATE FUNCTION booking_transition(
    p_slot_id uuid, p_appointment_id uuid, p_from text[], p_pending_live boolean,
    p_to text, p_frees_slot boolean, p_reason text, p_now timestamptz)
RETURNS booking_slot_write
LANGUAGE plpgsql AS $$
DECLARE
    r booking_slot_write := booking_lock_slot(p_slot_id);
    a appointments%ROWTYPE;
    previous text;
BEGIN
    IF r.outcome = 'SLOT_NOT_FOUND' THEN
        RETURN r;
    END IF;

    SELECT * INTO a FROM appointments WHERE id = p_appointment_id AND slot_id = p_slot_id FOR UPDATE;
    IF NOT FOUND THEN
        r.outcome := 'APPOINTMENT_NOT_FOUND';
        RETURN r;
    END IF;

    IF a.status = ANY (p_from) AND (a.status <> 'PENDING' OR (a.expires_at > p_now) = p_pending_live) THEN
        previous := a.status;
        UPDATE appointments SET status = p_to, updated_at = p_now WHERE id = p_appointment_id
        RETURNING * INTO a;
        INSERT INTO appointment_events (appointment_id, from_status, to_status, at, reason)
        VALUES (p_appointment_id, previous, p_to, p_now, p_reason);
        IF r.slot_held_by = p_appointment_id THEN
            UPDATE slots SET held_by = CASE WHEN p_frees_slot THEN NULL ELSE held_by END,
                             hold_expires_at = NULL,
                             is_available = is_available OR p_frees_slot,
                             updated_at = p_now
            WHERE id = p_slot_id
            RETURNING held_by, hold_expires_at INTO r.slot_held_by, r.slot_hold_expires_at;
        END IF;
        r.outcome := 'CHANGED';
    ELSE
        r.outcome := 'NOT_APPLICABLE';
    END IF;

    r.a_id := a.id; r.a_slot_id := a.slot_id; r.a_doctor_id := a.doctor_id;
    r.a_patient_name := a.patient_name; r.a_patient_email := a.patient_email; r.a_patient_phone := a.patient_phone;
    r.a_reason := a.reason; r.a_date := a.appointment_date; r.a_time := a.appointment_time; r.a_status := a.status;
    r.a_created_at := a.created_at; r.a_expires_at := a.expires_at; r.a_updated_at := a.updated_at;
    RETURN r;
END
$$;

-- Deletes the slot (and its past appointments) unless an unexpired hold or a confirmed appointment holds
-- it. The row lock orders it with bookings: a booking waiting behind it finds the row gone.
CREATE FUNCTION booking_delete_slot(p_slot_id uuid, p_now timestamptz)
RETURNS booking_slot_write
LANGUAGE plpgsql AS $$
DECLARE
    r booking_slot_write := booking_lock_slot(p_slot_id);
BEGIN
    IF r.outcome = 'SLOT_NOT_FOUND' THEN
        RETURN r;
    END IF;

    IF r.slot_held_by IS NOT NULL AND (r.slot_hold_expires_at IS NULL OR r.slot_hold_expires_at > p_now) THEN
        r.outcome := 'HELD';
        RETURN r;
    END IF;

    DELETE FROM slots WHERE id = p_slot_id;
    r.outcome := 'DELETED';
    RETURN r;
END
$$;
