-- 0011_api_reader_role.sql
-- booking_api_reader: the database role of the Api. The Api is an Orleans client; its ADO.NET
-- clustering reads only two tables: OrleansQuery (it loads its statements from there at start) and,
-- through GatewaysQueryKey, orleans_membership (the live gateways). So the role may SELECT those two
-- tables and nothing else: no booking table, no write anywhere.
-- The role is created NOLOGIN: whoever deploys gives it a password and LOGIN (docker-compose.yml does,
-- through database/compose/api-reader-login.sql). ./run.sh and the tests keep connecting the Api as the
-- owner, so nothing changes for them.
-- Roles belong to the whole PostgreSQL server, not to one database: the role is created once and granted
-- in every database migrated. Databases migrating at the same moment may both try to create it, so a
-- "role exists" error is ignored. A migrating user that may not create roles skips all of this with a
-- notice instead of failing the silo's start.
-- Re-runnable. No dollar quoting (DbUp's variable substitution): the block is a plain string.

DO '
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''booking_api_reader'') THEN
        BEGIN
            CREATE ROLE booking_api_reader NOLOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL; -- created by the migration of another database just now
            WHEN insufficient_privilege THEN
                RAISE NOTICE ''booking_api_reader not created: % may not create roles; the Api must connect as another role'', current_user;
                RETURN;
        END;
    END IF;
    EXECUTE format(''GRANT CONNECT ON DATABASE %I TO booking_api_reader'', current_database());
    EXECUTE format(''GRANT USAGE ON SCHEMA %I TO booking_api_reader'', current_schema());
    GRANT SELECT ON TABLE OrleansQuery, orleans_membership TO booking_api_reader;
END';
