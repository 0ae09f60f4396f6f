-- Reschedule and cancellation reasons. An appointment moves to another slot (of any doctor) in one SERIALIZABLE
-- transaction that takes the new slot and frees the old one; its event records both slots. A cancellation may
-- carry a reason (from the patient or an admin), kept on the event and on the appointment. Safe to run again.

ALTER TABLE appointment_events ADD COLUMN IF NOT EXISTS from_slot_id uuid;
ALTER TABLE appointment_events ADD COLUMN IF NOT EXISTS to_slot_id uuid;
ALTER TABLE appointment_events ADD COLUMN IF NOT EXISTS note varchar(500);
ALTER TABLE appointments ADD COLUMN IF NOT EXISTS cancellation_reason varchar(500);

-- Every answer of the booking functions carries the appointment's cancellation reason too, as its last column.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute
                   WHERE attrelid = 'booking_slot_write'::regclass AND attname = 'a_cancellation_reason' AND NOT attisdropped) THEN
        ALTER TYPE booking_slot_write ADD ATTRIBUTE a_cancellation_reason text;
    END IF;
END
$$;

-- The answer's a_* columns, from the appointment row a.
CREATE OR REPLACE FUNCTION booking_with_appointment(r booking_slot_write, a appointments)
RETURNS booking_slot_write
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    r.a_id := a.id; r.a_slot_id := a.slot_id; r.a_doctor_id := a.doctor_id;
    r.a_patient_name := a.patient_name; r.a_patient_email := a.patient_email; r.a_patient_phone := a.patient_phone;
    r.a_reason := a.reason; r.a_date := a.appointment_date; r.a_time := a.appointment_time; r.a_status := a.status;
    r.a_created_at := a.created_at; r.a_expires_at := a.expires_at; r.a_updated_at := a.updated_at;
    r.a_cancellation_reason := a.cancellation_reason;
    RETURN r;
END
$$;

-- booking_transition of 0009 with one more parameter, p_note: when given, the event keeps it, and a cancellation
-- keeps it as the appointment's cancellation_reason. Otherwise unchanged (see 0009).
DROP FUNCTION IF EXISTS booking_transition(uuid, uuid, text[], boolean, text, boolean, text, timestamptz);
CREATE OR REPLACE FUNCTION booking_transition(
    p_slot_id uuid, p_appointment_id uuid, p_from text[], p_pending_live boolean,
    p_to text, p_frees_slot boolean, p_reason text, p_now timestamptz, p_note text)
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
        UPDATE appointments
        SET status = p_to, updated_at = p_now,
            cancellation_reason = CASE WHEN p_to = 'CANCELLED' AND p_note IS NOT NULL THEN p_note ELSE cancellation_reason END
        WHERE id = p_appointment_id
        RETURNING * INTO a;
        INSERT INTO appointment_events (appointment_id, from_status, to_status, at, reason, note)
        VALUES (p_appointment_id, previous, p_to, p_now, p_reason, p_note);
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

    RETURN booking_with_appointment(r, a);
END
$$;

-- Moves an active appointment (CONFIRMED, or PENDING before expires_at) from p_from_slot_id to p_to_slot_id, and
-- answers with the target slot as it now stands and the appointment. Both slot rows are locked first, the smaller
-- id first (so two moves between the same two slots, in either direction, queue rather than deadlock), then the
-- appointment row, as every other writer does: slots before appointments. The status and expires_at stay: a
-- CONFIRMED appointment stays CONFIRMED, a PENDING hold keeps its deadline, on the new slot. The target must exist,
-- start in the future and not be held (a lapsed hold there is expired on the way, as booking_hold does); the old
-- slot is freed. One event records the move, from and to slot.
-- outcome: RESCHEDULED, SLOT_TAKEN, SLOT_NOT_FOUND (target), SLOT_IN_PAST, SAME_SLOT, APPOINTMENT_NOT_FOUND,
-- NOT_APPLICABLE (the appointment is not active; its status says why). Should anything bypass the slot row locks,
-- the partial unique index refuses a second active appointment on the target; the caller reads that as SLOT_TAKEN.
CREATE OR REPLACE FUNCTION booking_reschedule(p_appointment_id uuid, p_from_slot_id uuid, p_to_slot_id uuid, p_now timestamptz)
RETURNS booking_slot_write
LANGUAGE plpgsql AS $$
DECLARE
    r booking_slot_write;
    source booking_slot_write;
    a appointments%ROWTYPE;
BEGIN
    IF p_from_slot_id = p_to_slot_id THEN
        r := booking_lock_slot(p_to_slot_id);
        source := r;
    ELSIF p_from_slot_id < p_to_slot_id THEN
        source := booking_lock_slot(p_from_slot_id);
        r := booking_lock_slot(p_to_slot_id);
    ELSE
        r := booking_lock_slot(p_to_slot_id);
        source := booking_lock_slot(p_from_slot_id);
    END IF;

    SELECT * INTO a FROM appointments WHERE id = p_appointment_id AND slot_id = p_from_slot_id FOR UPDATE;
    IF NOT FOUND THEN
        r.outcome := 'APPOINTMENT_NOT_FOUND';
        RETURN r;
    END IF;

    IF NOT (a.status = 'CONFIRMED' OR (a.status = 'PENDING' AND a.expires_at > p_now)) THEN
        r.outcome := 'NOT_APPLICABLE';
    ELSIF p_from_slot_id = p_to_slot_id THEN
        r.outcome := 'SAME_SLOT';
    ELSIF r.outcome = 'SLOT_NOT_FOUND' THEN
        NULL;
    ELSIF (r.slot_date + r.slot_time) AT TIME ZONE r.slot_time_zone <= p_now THEN
        r.outcome := 'SLOT_IN_PAST';
    ELSIF r.slot_held_by IS NOT NULL AND (r.slot_hold_expires_at IS NULL OR r.slot_hold_expires_at > p_now) THEN
        r.outcome := 'SLOT_TAKEN';
    END IF;
    IF r.outcome <> 'LOCKED' THEN
        RETURN booking_with_appointment(r, a);
    END IF;

    IF r.slot_held_by IS NOT NULL THEN
        UPDATE appointments SET status = 'EXPIRED', updated_at = p_now
        WHERE id = r.slot_held_by AND status = 'PENDING' AND expires_at <= p_now;
        IF FOUND THEN
            INSERT INTO appointment_events (appointment_id, from_status, to_status, at, reason)
            VALUES (r.slot_held_by, 'PENDING', 'EXPIRED', p_now, 'hold lapsed; found by a reschedule into the slot');
        END IF;
    END IF;

    UPDATE appointments
    SET slot_id = p_to_slot_id, doctor_id = r.slot_doctor_id, appointment_date = r.slot_date, appointment_time = r.slot_time,
        updated_at = p_now
    WHERE id = p_appointment_id
    RETURNING * INTO a;
    IF source.slot_held_by = p_appointment_id THEN
        UPDATE slots SET held_by = NULL, hold_expires_at = NULL, is_available = true, updated_at = p_now
        WHERE id = p_from_slot_id;
    END IF;
    UPDATE slots
    SET is_available = false, held_by = p_appointment_id,
        hold_expires_at = CASE WHEN a.status = 'PENDING' THEN a.expires_at END, updated_at = p_now
    WHERE id = p_to_slot_id
    RETURNING held_by, hold_expires_at INTO r.slot_held_by, r.slot_hold_expires_at;
    INSERT INTO appointment_events (appointment_id, from_status, to_status, at, reason, from_slot_id, to_slot_id)
    VALUES (p_appointment_id, a.status, a.status, p_now, 'rescheduled', p_from_slot_id, p_to_slot_id);

    r.outcome := 'RESCHEDULED';
    RETURN booking_with_appointment(r, a);
END
$$;
