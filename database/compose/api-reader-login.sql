-- Lets the Api's role log in: run by docker-compose.yml's api-db-role service (psql 15 or later) once the
-- silos have migrated the database (migration 0011 created booking_api_reader NOLOGIN, with SELECT on
-- OrleansQuery and orleans_membership only). The password comes from the environment variable
-- BOOKING_API_DB_PASSWORD, never from this file. Safe to run again: it sets the password anew.
\set ON_ERROR_STOP on
\getenv api_password BOOKING_API_DB_PASSWORD
\if :{?api_password}
    SELECT format('ALTER ROLE booking_api_reader LOGIN PASSWORD %L', :'api_password') \gexec
\else
    DO 'BEGIN RAISE EXCEPTION ''BOOKING_API_DB_PASSWORD is not set''; END';
\endif
