-- Vault schema: the cardholder-data environment. Plain SQL for PostgreSQL 15+ and H2 (PostgreSQL mode).
-- No foreign keys into other modules' schemas: the vault can be deployed as its own process.

-- A tenant's keys below the master key: one key-encryption key (purpose 'kek', wrapped by a master
-- key version), the data keys that encrypt card numbers ('data') and the key of the card
-- fingerprint HMAC ('fingerprint'), both wrapped by the KEK. Deleting a tenant's rows
-- crypto-shreds its cards: the ciphertext in the database and in every backup becomes unreadable.
create table tenant_keys (
    tenant_id    uuid not null,
    purpose      varchar(16) not null,
    version      integer not null,
    wrapped_key  bytea not null,
    -- The version of the key that wrapped this one: a master key version for 'kek', a KEK
    -- version for the others.
    wrapped_by   integer not null,
    -- 'active' encrypts new data; 'retiring' only decrypts until re-encryption has moved off it.
    state        varchar(16) not null,
    created_at   timestamp with time zone not null,
    primary key (tenant_id, purpose, version)
);

create table cards (
    tenant_id         uuid not null,
    token             varchar(64) not null,
    token_format      varchar(24) not null,
    -- AES-256-GCM: 12-byte IV, ciphertext of the card number and holder name, 16-byte tag; the
    -- tenant and the token are the associated data, so a ciphertext moved to another row fails.
    ciphertext        bytea not null,
    data_key_version  integer not null,
    -- Keyed HMAC-SHA256 of the whole card number (PCI DSS 3.5.1.1), per tenant.
    fingerprint       varchar(64) not null,
    brand             varchar(16) not null,
    bin               varchar(6) not null,
    last4             varchar(4) not null,
    pan_length        integer not null,
    expiry_month      integer not null,
    expiry_year       integer not null,
    created_at        timestamp with time zone not null,
    expires_at        timestamp with time zone,
    primary key (tenant_id, token)
);
create index cards_fingerprint_idx on cards (tenant_id, fingerprint);
create index cards_key_version_idx on cards (tenant_id, data_key_version);
create index cards_expires_idx on cards (expires_at);

-- Who may see card numbers in clear, per tenant (absent row: the defaults).
create table policies (
    tenant_id             uuid primary key,
    detokenize_roles      varchar(200) not null,
    default_ttl_seconds   bigint,
    updated_at            timestamp with time zone not null
);

-- Key rotations and their progress; the background job works through the 'running' ones.
create table rotations (
    id            uuid primary key,
    kind          varchar(16) not null,
    tenant_id     uuid,
    from_version  integer not null,
    to_version    integer not null,
    state         varchar(16) not null,
    total         bigint not null,
    done          bigint not null,
    started_by    varchar(200) not null,
    started_at    timestamp with time zone not null,
    finished_at   timestamp with time zone
);
