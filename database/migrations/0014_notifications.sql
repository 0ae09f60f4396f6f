-- Notifications: appointment_events become the outbox. A dispatcher in every silo claims undispatched
-- events in batches (FOR UPDATE SKIP LOCKED), turns them into deliveries (e-mails, webhook calls) and
-- marks them dispatched, all in one statement; the deliveries are then sent with retries and backoff.
-- Safe to run again.

-- The per-row marker of the outbox. A marker, not an "id > cursor" high-water mark: identity ids commit out
-- of order, and a cursor would skip an event whose transaction committed after a later one had been read.
-- Events recorded before this migration are not news: the column is added with the migration's time as
-- its default (one value for every existing row, no table rewrite), then the default is dropped, so new
-- events start undispatched. Running this again adds nothing and drops nothing.
ALTER TABLE appointment_events ADD COLUMN IF NOT EXISTS dispatched_at timestamptz DEFAULT now();
ALTER TABLE appointment_events ALTER COLUMN dispatched_at DROP DEFAULT;

-- Only the undispatched events, normally a handful: the dispatcher's claim reads this small index.
CREATE INDEX IF NOT EXISTS idx_appointment_events_undispatched ON appointment_events (id) WHERE dispatched_at IS NULL;

-- Webhook endpoints an admin registered. The secret keys the HMAC-SHA256 signatures, so it is kept as given.
CREATE TABLE IF NOT EXISTS webhook_endpoints (
    id                   uuid PRIMARY KEY,
    url                  varchar(2000) NOT NULL,
    events               text[]        NOT NULL,
    secret               varchar(200)  NOT NULL,
    include_contact_data boolean       NOT NULL DEFAULT false,
    created_at           timestamptz   NOT NULL
);

-- "My appointments" sign-in links: single use (used_at), short-lived (expires_at). The token in the mailed
-- link is an HMAC of the id under a key derived from Auth:SigningKey, so this table holds nothing that opens one.
CREATE TABLE IF NOT EXISTS sign_in_links (
    id         uuid PRIMARY KEY,
    email      varchar(255) NOT NULL,
    created_at timestamptz  NOT NULL,
    expires_at timestamptz  NOT NULL,
    used_at    timestamptz
);
CREATE INDEX IF NOT EXISTS idx_sign_in_links_email ON sign_in_links (lower(email), created_at);

-- One message to send: an e-mail or a webhook call, made from an event, a reminder or a sign-in request.
-- dedupe_key makes every producer idempotent (an event fanned out twice, a reminder that fires twice);
-- next_attempt_at is both the backoff and the claim's lease: a claimed delivery is pushed into the future,
-- so if its silo dies another takes it over once that time has passed.
CREATE TABLE IF NOT EXISTS notification_deliveries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedupe_key      varchar(200) NOT NULL UNIQUE,
    channel         varchar(20)  NOT NULL CHECK (channel IN ('email', 'webhook')),
    kind            varchar(40)  NOT NULL,
    event_id        bigint,
    appointment_id  uuid,
    link_id         uuid,
    endpoint_id     uuid REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    status          varchar(20)  NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'SKIPPED', 'DEAD')),
    attempts        int          NOT NULL DEFAULT 0,
    next_attempt_at timestamptz  NOT NULL,
    created_at      timestamptz  NOT NULL,
    finished_at     timestamptz,
    last_error      varchar(500)
);
CREATE INDEX IF NOT EXISTS idx_notification_deliveries_due ON notification_deliveries (next_attempt_at, id) WHERE status = 'PENDING';

-- Every webhook attempt, for admins: what the receiver answered and how long it took.
CREATE TABLE IF NOT EXISTS webhook_attempts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id bigint      NOT NULL REFERENCES notification_deliveries (id) ON DELETE CASCADE,
    endpoint_id uuid        NOT NULL,
    attempt     int         NOT NULL,
    at          timestamptz NOT NULL,
    status_code int,
    duration_ms int         NOT NULL,
    succeeded   boolean     NOT NULL,
    error       varchar(500)
);
CREATE INDEX IF NOT EXISTS idx_webhook_attempts_endpoint ON webhook_attempts (endpoint_id, id DESC);
