-- The slot row records which appointment holds it and until when (NULL until = confirmed).
-- The booking transaction locks this row first anyway; reading the hold from it, instead of
-- searching the appointments index, keeps SERIALIZABLE bookings of different slots from failing
-- each other through predicate locks on shared index pages. The partial unique index on
-- appointments stays the final guard. Safe to run again.

ALTER TABLE slots ADD COLUMN IF NOT EXISTS held_by uuid;
ALTER TABLE slots ADD COLUMN IF NOT EXISTS hold_expires_at timestamptz;

UPDATE slots s
SET held_by = a.id,
    hold_expires_at = CASE WHEN a.status = 'PENDING' THEN a.expires_at END,
    is_available = false
FROM appointments a
WHERE a.slot_id = s.id AND a.status IN ('PENDING', 'CONFIRMED') AND s.held_by IS DISTINCT FROM a.id;
