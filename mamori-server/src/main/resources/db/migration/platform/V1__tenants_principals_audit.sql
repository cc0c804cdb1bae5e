-- Platform schema: tenants, the principals that act in them, the audit trail and idempotency records.
-- Plain SQL that runs unchanged on PostgreSQL 15+ and H2 (PostgreSQL mode).

create table tenants (
    id          uuid primary key,
    name        varchar(200) not null,
    -- The operator tenant runs the instance: its admins create tenants, and security events that
    -- cannot be attributed to any tenant (an unknown API key, say) go to its audit chain.
    operator    boolean not null default false,
    created_at  timestamp with time zone not null
);

create table users (
    id               uuid primary key,
    tenant_id        uuid not null references tenants (id),
    username         varchar(100) not null,
    password_hash    varchar(200) not null,
    roles            varchar(200) not null,
    totp_secret      varchar(64),
    totp_enabled     boolean not null default false,
    totp_last_step   bigint not null default 0,
    failed_attempts  integer not null default 0,
    locked_until     timestamp with time zone,
    enabled          boolean not null default true,
    created_at       timestamp with time zone not null,
    constraint users_username_unique unique (username)
);
create index users_tenant_idx on users (tenant_id);

create table api_keys (
    id          uuid primary key,
    tenant_id   uuid not null references tenants (id),
    name        varchar(100) not null,
    key_prefix  varchar(24) not null,
    -- SHA-256 of the whole key: keys are 190 bits of randomness, so a fast hash is enough and
    -- lets the key be found by its hash; the key itself is shown once and never stored.
    key_hash    varchar(64) not null,
    roles       varchar(200) not null,
    created_by  varchar(200) not null,
    created_at  timestamp with time zone not null,
    revoked_at  timestamp with time zone,
    constraint api_keys_hash_unique unique (key_hash)
);
create index api_keys_tenant_idx on api_keys (tenant_id);

-- One hash chain per tenant. The head row serialises appends (select ... for update) and lets
-- verification notice records cut off the end of the chain.
create table audit_chains (
    tenant_id  uuid primary key references tenants (id),
    last_seq   bigint not null,
    last_hash  varchar(64) not null
);

create table audit_events (
    tenant_id    uuid not null references tenants (id),
    seq          bigint not null,
    occurred_at  timestamp with time zone not null,
    actor        varchar(200) not null,
    actor_type   varchar(20) not null,
    event_type   varchar(64) not null,
    outcome      varchar(16) not null,
    origin       varchar(64),
    resource     varchar(300),
    detail       varchar(1000),
    prev_hash    varchar(64) not null,
    hash         varchar(64) not null,
    primary key (tenant_id, seq)
);
create index audit_events_time_idx on audit_events (tenant_id, occurred_at);

create table idempotency_records (
    tenant_id      uuid not null references tenants (id),
    -- HMAC of the client's key: the key itself is not stored.
    key_hash       varchar(64) not null,
    request_hash   varchar(64) not null,
    status_code    integer,
    -- The first response, AES-GCM encrypted under a key derived from the client's idempotency
    -- key, so a response that carried a secret (a new API key) cannot be read from the database.
    response_body  varchar(20000),
    created_at     timestamp with time zone not null,
    primary key (tenant_id, key_hash)
);
