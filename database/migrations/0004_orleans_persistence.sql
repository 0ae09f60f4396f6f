-- 0004_orleans_persistence.sql
-- Grain state table for Microsoft.Orleans.Persistence.AdoNet (10.4.x, Invariant "Npgsql") and the
-- queries the storage provider loads from OrleansQuery when it initialises.
-- Re-runnable: IF NOT EXISTS everywhere, query rows are upserted.
-- Notes on the contract:
--  * a state is identified by ServiceId + GrainTypeString (the state name as registered, e.g. the
--    name given to [PersistentState]) + GrainIdN0/GrainIdN1 (bigint parts of a Guid/long key)
--    + GrainIdExtensionString (key extension, or the whole key of a string-keyed grain; may be NULL).
--    GrainIdHash / GrainTypeHash are int4 hashes of those, used only to narrow index lookups.
--  * Version is the ETag (int4). NULL @GrainStateVersion means "the caller has never seen a row":
--    the write then only inserts. A write/clear that matches no row returns no row, which the
--    provider turns into an InconsistentStateException (ETag conflict).
--  * result columns are read by name, hence the double-quoted aliases.
--  * DeleteStorageKey is optional for the provider; it enables AdoNetGrainStorageOptions.DeleteStateOnClear.
--  * UNIQUE ... NULLS NOT DISTINCT needs PostgreSQL 15+.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id         varchar(150) NOT NULL,
    grain_type         varchar(512) NOT NULL,
    grain_type_hash    integer      NOT NULL,
    grain_id_hash      integer      NOT NULL,
    grain_id_n0        bigint       NOT NULL,
    grain_id_n1        bigint       NOT NULL,
    grain_id_extension text         NULL,
    payload            bytea        NULL,
    version            integer      NOT NULL,
    modified_at        timestamptz  NOT NULL DEFAULT now()
);

-- One row per state; the hashes lead so that lookups use this index.
CREATE UNIQUE INDEX IF NOT EXISTS ux_orleans_grain_state_identity
    ON orleans_grain_state (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1,
                            grain_type, grain_id_extension)
    NULLS NOT DISTINCT;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Current payload (NULL after a clear) and version of one state; no row if never written.
('ReadFromStorageKey',
 'SELECT s.payload AS "PayloadBinary",
         s.version AS "Version"
    FROM orleans_grain_state s
   WHERE s.grain_id_hash = @GrainIdHash
     AND s.grain_type_hash = @GrainTypeHash
     AND s.service_id = @ServiceId
     AND s.grain_id_n0 = @GrainIdN0
     AND s.grain_id_n1 = @GrainIdN1
     AND s.grain_type = @GrainTypeString
     AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString;'),

-- Known version: update only if it still matches, version + 1. Unknown (NULL) version: insert
-- version 1 unless a row already exists. Returns the new version, or no row on conflict.
('WriteToStorageKey',
 'WITH updated AS (
     UPDATE orleans_grain_state s
        SET payload = @PayloadBinary,
            version = s.version + 1,
            modified_at = now()
      WHERE @GrainStateVersion IS NOT NULL
        AND s.grain_id_hash = @GrainIdHash
        AND s.grain_type_hash = @GrainTypeHash
        AND s.service_id = @ServiceId
        AND s.grain_id_n0 = @GrainIdN0
        AND s.grain_id_n1 = @GrainIdN1
        AND s.grain_type = @GrainTypeString
        AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
        AND s.version = @GrainStateVersion
     RETURNING s.version
 ), inserted AS (
     INSERT INTO orleans_grain_state (service_id, grain_type, grain_type_hash, grain_id_hash,
                                      grain_id_n0, grain_id_n1, grain_id_extension, payload,
                                      version, modified_at)
     SELECT @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdHash,
            @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary,
            1, now()
      WHERE @GrainStateVersion IS NULL
     ON CONFLICT DO NOTHING
     RETURNING version
 )
 SELECT version AS "NewGrainStateVersion" FROM updated
 UNION ALL
 SELECT version FROM inserted;'),

-- Clear keeps the row (payload NULL) so the version keeps increasing; same ETag rule as write.
('ClearStorageKey',
 'UPDATE orleans_grain_state s
     SET payload = NULL,
         version = s.version + 1,
         modified_at = now()
   WHERE s.grain_id_hash = @GrainIdHash
     AND s.grain_type_hash = @GrainTypeHash
     AND s.service_id = @ServiceId
     AND s.grain_id_n0 = @GrainIdN0
     AND s.grain_id_n1 = @GrainIdN1
     AND s.grain_type = @GrainTypeString
     AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
     AND s.version = @GrainStateVersion
  RETURNING s.version AS "NewGrainStateVersion";'),

-- Used instead of ClearStorageKey when DeleteStateOnClear = true: removes the row if the ETag
-- matches and returns deleted version + 1 (what the provider expects to see as "changed").
('DeleteStorageKey',
 'DELETE FROM orleans_grain_state s
   WHERE s.grain_id_hash = @GrainIdHash
     AND s.grain_type_hash = @GrainTypeHash
     AND s.service_id = @ServiceId
     AND s.grain_id_n0 = @GrainIdN0
     AND s.grain_id_n1 = @GrainIdN1
     AND s.grain_type = @GrainTypeString
     AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
     AND s.version = @GrainStateVersion
  RETURNING s.version + 1 AS "NewGrainStateVersion";')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
