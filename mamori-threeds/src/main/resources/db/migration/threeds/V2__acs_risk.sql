-- The ACS's risk-based authentication: each issuer's policy, and every risk decision it took.

-- One row per issuer tenant that changed the defaults (a tenant without a row gets AcsPolicy.defaults()).
create table threeds.acs_policies (
    tenant_id                  uuid         primary key,
    frictionless_below         int          not null,
    refuse_at                  int          not null,
    low_value_max_consecutive  int          not null,
    tra_below                  int          not null,
    max_challenges_per_day     int          not null,
    non_payment_supported      boolean      not null,
    three_ri_supported         boolean      not null,
    honour_requestor_exemptions boolean     not null,
    confidence_reasons         boolean      not null,
    updated_at                 timestamp with time zone not null,
    updated_by                 varchar(200) not null
);

-- Per-currency amount limits of a policy: 'low-value' (exempt at or under) and 'tra' (TRA exemption up to).
create table threeds.acs_policy_limits (
    tenant_id    uuid        not null,
    kind         varchar(16) not null,
    currency     char(3)     not null,
    limit_minor  bigint      not null,
    primary key (tenant_id, kind, currency)
);

-- Every risk decision, with the hash of the device or browser it came from: the card's device history
-- (a device is trusted once a decision from it was Y, or its challenge ended Y in acs_transactions),
-- the count of challenges per card per day and the consecutive low-value exemptions.
create table threeds.acs_risk_decisions (
    acs_trans_id      varchar(36)  primary key,
    tenant_id         uuid         not null,
    card_fingerprint  varchar(64)  not null,
    device_hash       varchar(64),
    browser_language  varchar(35),
    browser_tz        int,
    device_channel    char(2)      not null,
    amount_minor      bigint,
    currency          char(3),
    score             int          not null,
    status            char(1)      not null,
    reason            varchar(2),
    exemption         varchar(40)  not null,
    reasons           varchar(400) not null,
    decided_at        timestamp with time zone not null
);

create index acs_risk_decisions_card on threeds.acs_risk_decisions (tenant_id, card_fingerprint, decided_at);
create index acs_risk_decisions_device on threeds.acs_risk_decisions (tenant_id, card_fingerprint, device_hash);
