-- 0003_orleans_reminders.sql
-- Reminder table for Microsoft.Orleans.Reminders.AdoNet (10.4.x, Invariant "Npgsql") and the
-- queries the reminder provider loads from OrleansQuery at start-up.
-- Re-runnable: IF NOT EXISTS everywhere, query rows are upserted.
-- Notes on the contract:
--  * @ServiceId = ClusterOptions.ServiceId; @GrainId = GrainId.ToString(); @GrainHash, @BeginHash,
--    @EndHash are the uint uniform hash reinterpreted as a signed int4, so grain_hash is integer
--    and ranges are compared in signed order (ReadRangeRows1 = non-wrapping, 2 = wrapping).
--  * @Period is bound as int4 or int8 milliseconds -> bigint column; @Version is int4 (the ETag).
--  * result columns are read by name, hence the double-quoted aliases.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    varchar(150) NOT NULL,
    grain_id      text         NOT NULL,
    reminder_name varchar(150) NOT NULL,
    start_time    timestamptz  NOT NULL,
    period        bigint       NOT NULL,
    grain_hash    integer      NOT NULL,
    version       integer      NOT NULL,
    CONSTRAINT pk_orleans_reminder PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Range scans by the reminder service (hash ring ownership).
CREATE INDEX IF NOT EXISTS ix_orleans_reminder_service_hash
    ON orleans_reminder (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Insert or overwrite a reminder; each write bumps the version, which is returned as the new ETag.
('UpsertReminderRowKey',
 'INSERT INTO orleans_reminder AS r (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
  VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
  ON CONFLICT ON CONSTRAINT pk_orleans_reminder DO UPDATE
     SET start_time = EXCLUDED.start_time,
         period     = EXCLUDED.period,
         grain_hash = EXCLUDED.grain_hash,
         version    = r.version + 1
  RETURNING r.version AS "Version";'),

-- All reminders of one grain.
('ReadReminderRowsKey',
 'SELECT grain_id      AS "GrainId",
         reminder_name AS "ReminderName",
         start_time    AS "StartTime",
         period        AS "Period",
         version       AS "Version"
    FROM orleans_reminder
   WHERE service_id = @ServiceId
     AND grain_id = @GrainId;'),

-- One reminder of one grain (zero rows when it does not exist).
('ReadReminderRowKey',
 'SELECT grain_id      AS "GrainId",
         reminder_name AS "ReminderName",
         start_time    AS "StartTime",
         period        AS "Period",
         version       AS "Version"
    FROM orleans_reminder
   WHERE service_id = @ServiceId
     AND grain_id = @GrainId
     AND reminder_name = @ReminderName;'),

-- Ring range (BeginHash, EndHash] that does not wrap in signed order.
('ReadRangeRows1Key',
 'SELECT grain_id      AS "GrainId",
         reminder_name AS "ReminderName",
         start_time    AS "StartTime",
         period        AS "Period",
         version       AS "Version"
    FROM orleans_reminder
   WHERE service_id = @ServiceId
     AND grain_hash > @BeginHash
     AND grain_hash <= @EndHash;'),

-- Ring range that wraps (also used for the full ring when BeginHash = EndHash).
('ReadRangeRows2Key',
 'SELECT grain_id      AS "GrainId",
         reminder_name AS "ReminderName",
         start_time    AS "StartTime",
         period        AS "Period",
         version       AS "Version"
    FROM orleans_reminder
   WHERE service_id = @ServiceId
     AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);'),

-- Delete one reminder if its version still equals the ETag held by the caller; returns one boolean.
('DeleteReminderRowKey',
 'WITH removed AS (
     DELETE FROM orleans_reminder
      WHERE service_id = @ServiceId
        AND grain_id = @GrainId
        AND reminder_name = @ReminderName
        AND version = @Version
     RETURNING 1
 )
 SELECT EXISTS (SELECT 1 FROM removed) AS "Deleted";'),

-- Delete every reminder of the service (test helper in the provider).
('DeleteReminderRowsKey',
 'DELETE FROM orleans_reminder
   WHERE service_id = @ServiceId;')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
