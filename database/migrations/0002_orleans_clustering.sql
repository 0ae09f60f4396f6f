-- 0002_orleans_clustering.sql
-- Membership storage for Microsoft.Orleans.Clustering.AdoNet (10.4.x, Invariant "Npgsql").
-- Creates the OrleansQuery lookup table (shared by all Orleans ADO.NET providers), the
-- per-cluster membership version row and the silo membership rows, and registers the
-- queries the clustering provider loads at start-up (SELECT QueryKey, QueryText FROM OrleansQuery).
-- Re-runnable: IF NOT EXISTS everywhere, query rows are upserted.
-- Notes on the contract:
--  * parameters are bound by name (@DeploymentId = ClusterOptions.ClusterId, @Address, @Port,
--    @Generation, @Status, ...); ints are bound as int4, times as UTC DateTime.
--  * result columns are read by name, hence the double-quoted aliases; Port/Generation/Status/
--    ProxyPort are read with GetInt32 and must stay integer.
--  * insert/update of a member is conditional on the caller's table version and bumps it.
--  * no dollar-delimited tokens or named dollar quotes (DbUp variable substitution would choke).

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- One row per cluster: the optimistic-concurrency version of the whole membership table.
CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id varchar(150) NOT NULL PRIMARY KEY,
    version       integer      NOT NULL DEFAULT 0,
    updated_at    timestamptz  NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port, generation) of a cluster.
CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   varchar(150) NOT NULL
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer      NULL,
    suspect_times   text         NULL,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    CONSTRAINT pk_orleans_membership PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Creates the version row of a cluster once; returns true only for the call that created it.
('InsertMembershipVersionKey',
 'WITH created AS (
     INSERT INTO orleans_membership_version (deployment_id, version, updated_at)
     VALUES (@DeploymentId, 0, now())
     ON CONFLICT (deployment_id) DO NOTHING
     RETURNING 1
 )
 SELECT EXISTS (SELECT 1 FROM created) AS "Created";'),

-- Heartbeat: not version-checked and does not bump the table version.
('UpdateIAmAlivetimeKey',
 'UPDATE orleans_membership
     SET i_am_alive_time = @IAmAliveTime
   WHERE deployment_id = @DeploymentId
     AND address = @Address
     AND port = @Port
     AND generation = @Generation;'),

-- Adds a silo row if the caller saw the current table version (@Version) and the silo is not
-- there yet; the version is bumped in the same statement. Returns one boolean.
('InsertMembershipKey',
 'WITH bumped AS (
     UPDATE orleans_membership_version v
        SET version = v.version + 1,
            updated_at = now()
      WHERE v.deployment_id = @DeploymentId
        AND v.version = @Version
        AND NOT EXISTS (SELECT 1 FROM orleans_membership m
                         WHERE m.deployment_id = @DeploymentId
                           AND m.address = @Address
                           AND m.port = @Port
                           AND m.generation = @Generation)
     RETURNING v.deployment_id
 ), added AS (
     INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                     status, proxy_port, suspect_times, start_time, i_am_alive_time)
     SELECT b.deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
            @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime
       FROM bumped b
     ON CONFLICT ON CONSTRAINT pk_orleans_membership DO NOTHING
     RETURNING 1
 )
 SELECT EXISTS (SELECT 1 FROM added) AS "Inserted";'),

-- Changes status / suspicions / heartbeat of an existing silo row under the same version rule.
('UpdateMembershipKey',
 'WITH bumped AS (
     UPDATE orleans_membership_version v
        SET version = v.version + 1,
            updated_at = now()
      WHERE v.deployment_id = @DeploymentId
        AND v.version = @Version
        AND EXISTS (SELECT 1 FROM orleans_membership m
                     WHERE m.deployment_id = @DeploymentId
                       AND m.address = @Address
                       AND m.port = @Port
                       AND m.generation = @Generation)
     RETURNING v.deployment_id
 ), changed AS (
     UPDATE orleans_membership m
        SET status = @Status,
            suspect_times = @SuspectTimes,
            i_am_alive_time = @IAmAliveTime
       FROM bumped b
      WHERE m.deployment_id = b.deployment_id
        AND m.address = @Address
        AND m.port = @Port
        AND m.generation = @Generation
     RETURNING 1
 )
 SELECT EXISTS (SELECT 1 FROM changed) AS "Updated";'),

-- Version row joined with one silo; the version row is returned even when the silo is absent
-- (then StartTime is NULL, which the provider treats as "no entry").
('MembershipReadRowKey',
 'SELECT v.version          AS "Version",
         m.address          AS "Address",
         m.port             AS "Port",
         m.generation       AS "Generation",
         m.silo_name        AS "SiloName",
         m.host_name        AS "HostName",
         m.status           AS "Status",
         m.proxy_port       AS "ProxyPort",
         m.suspect_times    AS "SuspectTimes",
         m.start_time       AS "StartTime",
         m.i_am_alive_time  AS "IAmAliveTime"
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m
           ON m.deployment_id = v.deployment_id
          AND m.address = @Address
          AND m.port = @Port
          AND m.generation = @Generation
   WHERE v.deployment_id = @DeploymentId;'),

-- Version row joined with every silo of the cluster (one row with NULL silo columns if none).
('MembershipReadAllKey',
 'SELECT v.version          AS "Version",
         m.address          AS "Address",
         m.port             AS "Port",
         m.generation       AS "Generation",
         m.silo_name        AS "SiloName",
         m.host_name        AS "HostName",
         m.status           AS "Status",
         m.proxy_port       AS "ProxyPort",
         m.suspect_times    AS "SuspectTimes",
         m.start_time       AS "StartTime",
         m.i_am_alive_time  AS "IAmAliveTime"
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m
           ON m.deployment_id = v.deployment_id
   WHERE v.deployment_id = @DeploymentId;'),

-- Removes a whole cluster (silo rows go with the version row through the cascade).
('DeleteMembershipTableEntriesKey',
 'DELETE FROM orleans_membership_version
   WHERE deployment_id = @DeploymentId;'),

-- Gateways for clients: silos in @Status (Active = 3) that expose a gateway port.
('GatewaysQueryKey',
 'SELECT m.address     AS "Address",
         m.proxy_port  AS "ProxyPort",
         m.generation  AS "Generation"
    FROM orleans_membership m
   WHERE m.deployment_id = @DeploymentId
     AND m.status = @Status
     AND m.proxy_port > 0;'),

-- Bulk removal of dead silos (status 6 = Dead) whose last heartbeat is older than @IAmAliveTime.
('CleanupDefunctSiloEntriesKey',
 'DELETE FROM orleans_membership
   WHERE deployment_id = @DeploymentId
     AND status = 6
     AND i_am_alive_time < @IAmAliveTime;'),

-- Optional key, preferred by the 10.4.x provider when present: removes one dead silo row
-- only if it still holds exactly the values the provider just read (compare-and-delete).
('CleanupDefunctSiloEntryKey',
 'DELETE FROM orleans_membership
   WHERE deployment_id = @DeploymentId
     AND address = @Address
     AND port = @Port
     AND generation = @Generation
     AND status = 6
     AND start_time = @StartTime
     AND i_am_alive_time = @IAmAliveTime
     AND COALESCE(suspect_times, '''') = COALESCE(@SuspectTimes, '''');')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
