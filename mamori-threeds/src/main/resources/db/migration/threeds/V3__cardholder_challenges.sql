-- Cardholder challenges (OTP by e-mail and SMS, authenticator app, out of band): who is enrolled
-- for what, each challenge's state, failed challenges and lockouts. OTPs are kept only as a keyed
-- hash, TOTP secrets only sealed (AES-GCM under a key outside the database).

create table threeds.challenge_enrolments (
    tenant_id        uuid         not null,
    card_fingerprint varchar(128) not null,
    last4            varchar(4)   not null,
    email            varchar(254),
    phone            varchar(16),
    totp_secret      varchar(200),
    totp_last_step   bigint,
    oob_device       varchar(200),
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    primary key (tenant_id, card_fingerprint)
);

create table threeds.challenges (
    acs_trans_id     varchar(64)  not null primary key,
    tenant_id        uuid         not null,
    card_fingerprint varchar(128) not null,
    method           varchar(16)  not null,
    code_mac         varchar(64),
    expires_at       timestamp with time zone not null,
    attempts_left    int          not null,
    resends_left     int          not null,
    last_sent_at     timestamp with time zone,
    oob_verdict      varchar(16),
    outcome          varchar(16),
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null
);

create index challenges_card on threeds.challenges (tenant_id, card_fingerprint, created_at);

create table threeds.challenge_failures (
    tenant_id        uuid         not null,
    card_fingerprint varchar(128) not null,
    failed_at        timestamp with time zone not null
);

create index challenge_failures_card on threeds.challenge_failures (tenant_id, card_fingerprint, failed_at);

create table threeds.challenge_lockouts (
    tenant_id        uuid         not null,
    card_fingerprint varchar(128) not null,
    locked_until     timestamp with time zone not null,
    primary key (tenant_id, card_fingerprint)
);
