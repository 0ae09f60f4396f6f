-- appointment_events no longer references appointments by a foreign key. The key's check reads
-- the appointments primary-key page that every new booking writes to, so under SERIALIZABLE each
-- booking's event made it a read/write dependency of its neighbours and they failed each other at
-- COMMIT (one retry per booking under load). Events are an audit trail: they are written in the same
-- transaction as their change, and outliving a deleted appointment is what an audit trail should do.
-- Safe to run again.
ALTER TABLE appointment_events DROP CONSTRAINT IF EXISTS appointment_events_appointment_id_fkey;
