-- A patient's appointments are found by e-mail, compared without case: the sign-in link request (anonymous: it
-- checks that the address has appointments), the link's redemption, and GET /api/appointments?patient_email=.
-- Without an index each of these read the whole table: with a million appointments, 450-730 ms of PostgreSQL's
-- CPU per request, which an anonymous caller could repeat at will; with it, under 0.2 ms. The cost is one more
-- index entry per booking, about 3% of the booking transaction's rate (measured 2026-11-28).
-- Safe to run again. On a large live database an operator may build it first without blocking bookings,
-- CREATE INDEX CONCURRENTLY with this name and definition; this script then finds it and does nothing.
CREATE INDEX IF NOT EXISTS idx_appointments_patient_email ON appointments (lower(patient_email));
