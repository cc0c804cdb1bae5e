-- The issuer ACS's 3-D Secure transactions: one row per AReq answered with an ARes, updated as the
-- challenge runs and when the result goes to the Directory Server (RReq). No card number is stored:
-- the card is the vault's per-tenant fingerprint. Statistics (frictionless rate, challenge success,
-- abandonment) read this table.
create table threeds.acs_transactions (
    acs_trans_id          varchar(36)  primary key,
    tenant_id             uuid,         -- null when no issuer knows the card (ARes N, reason 08)
    ds_trans_id           varchar(36)  not null,
    server_trans_id       varchar(36)  not null,
    sdk_trans_id          varchar(36),
    message_version       varchar(8)   not null,
    device_channel        char(2)      not null,
    message_category      char(2)      not null,
    card_fingerprint      varchar(64),
    card_brand            varchar(20),
    amount_minor          bigint,
    currency              char(3),
    merchant_id           varchar(35),
    merchant_name         varchar(40),
    mcc                   varchar(4),
    risk_score            int,
    risk_reasons          varchar(400),
    exemption             varchar(40),
    ares_status           char(1)      not null,
    ares_reason           varchar(2),
    final_status          char(1)      not null,
    final_reason          varchar(2),
    challenge_method      varchar(16),
    challenge_cancel      varchar(2),
    eci                   varchar(2),
    state                 varchar(16)  not null,
    -- Where the browser's CRes goes (the AReq's notificationURL), and the DS's reference number echoed in the RReq.
    notification_url      varchar(256),
    ds_reference_number   varchar(32),
    challenge_window_size varchar(2),
    browser_language      varchar(35),
    -- Message counters of the app challenge (sdkCounterStoA expected next, acsCounterAtoS sent last) and
    -- the cardholder's answers, reported as interactionCounter in the RReq.
    sdk_counter           int          not null default 0,
    interactions          int          not null default 0,
    method_completed      boolean      not null default false,
    rreq_status           varchar(16),
    created_at            timestamp with time zone not null,
    challenge_started_at  timestamp with time zone,
    completed_at          timestamp with time zone
);

create index acs_transactions_tenant_created on threeds.acs_transactions (tenant_id, created_at);
create index acs_transactions_state on threeds.acs_transactions (state, created_at);

-- 3DS Method visits: the ACS saw the cardholder's browser before the AReq (threeDSCompInd Y). Kept by
-- threeDSServerTransID because the AReq that follows names it; rows older than a day are purged.
create table threeds.acs_method_visits (
    server_trans_id  varchar(36) primary key,
    visited_at       timestamp with time zone not null
);
