-- The issuer authorization host's schema. Card numbers are never stored here: a card account is
-- found by the vault's per-tenant fingerprint (keyed HMAC) and shown by BIN and last four.

-- Which issuer tenant owns a card-number prefix: how an ISO 8583 message finds its tenant.
create table bin_routes (
    prefix      varchar(11) primary key,
    tenant_id   uuid        not null,
    created_at  timestamp with time zone not null
);

create table card_accounts (
    id                 uuid primary key,
    tenant_id          uuid        not null,
    fingerprint        varchar(64) not null,
    brand              varchar(20) not null,
    bin                varchar(8)  not null,
    last4              char(4)     not null,
    expiry_month       int         not null,
    expiry_year        int         not null,
    service_code       char(3)     not null,
    status             varchar(16) not null,
    currency           char(3)     not null,
    credit_limit_minor bigint      not null,
    held_minor         bigint      not null,
    cvk_name           varchar(40),
    at_risk_since      timestamp with time zone,
    at_risk_reason     varchar(80),
    created_at         timestamp with time zone not null,
    updated_at         timestamp with time zone not null,
    constraint card_accounts_fingerprint unique (tenant_id, fingerprint),
    constraint card_accounts_held check (held_minor >= 0)
);

-- The decision log: written (committed) before the answer is sent. dedup_key makes a repeated
-- message (same STAN, RRN, terminal) find the first answer instead of being processed twice.
create table decisions (
    id                uuid primary key,
    tenant_id         uuid         not null,
    kind              varchar(16)  not null,
    source            varchar(8)   not null,
    received_at       timestamp with time zone not null,
    dedup_key         varchar(120) not null,
    stan              varchar(12)  not null,
    rrn               varchar(12)  not null,
    terminal_id       varchar(16)  not null,
    merchant_id       varchar(15)  not null,
    merchant_name     varchar(40),
    merchant_country  varchar(2),
    mcc               varchar(4),
    channel           varchar(8)   not null,
    card_account_id   uuid,
    card_fingerprint  varchar(64),
    bin               varchar(8),
    last4             varchar(4),
    amount_minor      bigint       not null,
    currency          char(3)      not null,
    device_id         varchar(128),
    ip                varchar(64),
    email             varchar(254),
    delivery_address  varchar(300),
    address_key       varchar(300),
    eci               varchar(2),
    three_ds_status   varchar(1),
    response_code     varchar(2)   not null,
    action            varchar(10)  not null,
    approval_code     varchar(6),
    reasons           varchar(1000) not null,
    fired_rules       varchar(4000) not null,
    rule_version      int,
    score             double precision,
    fallback          varchar(40),
    latency_micros    bigint       not null,
    held_minor        bigint       not null,
    cvc_failed        boolean      not null,
    original_id       uuid,
    reversed_at       timestamp with time zone,
    constraint decisions_dedup unique (tenant_id, dedup_key)
);
create index decisions_tenant_time on decisions (tenant_id, received_at);
create index decisions_card_time on decisions (tenant_id, card_account_id, received_at);
create index decisions_device_time on decisions (tenant_id, device_id, received_at);
create index decisions_ip_time on decisions (tenant_id, ip, received_at);
create index decisions_trace on decisions (tenant_id, terminal_id, stan);

-- Rule sets are versioned text; one version may be active (enforced), one may run in shadow.
create table rule_sets (
    tenant_id     uuid         not null,
    version       int          not null,
    source        varchar(200000) not null,
    status        varchar(12)  not null,
    note          varchar(200),
    created_by    varchar(200) not null,
    created_at    timestamp with time zone not null,
    activated_by  varchar(200),
    activated_at  timestamp with time zone,
    primary key (tenant_id, version)
);

create table list_entries (
    id          uuid primary key,
    tenant_id   uuid         not null,
    kind        varchar(20)  not null,
    list_type   varchar(8)   not null,
    value       varchar(300) not null,
    match_key   varchar(300) not null,
    source      varchar(100) not null,
    reason      varchar(200) not null,
    expires_at  timestamp with time zone,
    created_by  varchar(200) not null,
    created_at  timestamp with time zone not null,
    constraint list_entries_unique unique (tenant_id, kind, list_type, match_key)
);

create table tenant_policies (
    tenant_id               uuid primary key,
    scoring_fallback        varchar(16) not null,
    scoring_budget_micros   int         not null,
    issuer_country          char(2)     not null,
    updated_at              timestamp with time zone not null
);

-- Sources (device, IP, merchant, e-mail) caught testing card numbers: declined until blocked_until.
create table card_testing_blocks (
    tenant_id     uuid         not null,
    source_kind   varchar(16)  not null,
    source_value  varchar(300) not null,
    reason        varchar(200) not null,
    blocked_until timestamp with time zone not null,
    created_at    timestamp with time zone not null,
    primary key (tenant_id, source_kind, source_value)
);

create table alerts (
    id          uuid primary key,
    tenant_id   uuid         not null,
    kind        varchar(40)  not null,
    detail      varchar(1000) not null,
    created_at  timestamp with time zone not null
);
create index alerts_tenant_time on alerts (tenant_id, created_at);
