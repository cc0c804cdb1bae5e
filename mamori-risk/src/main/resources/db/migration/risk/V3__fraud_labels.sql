-- Fraud labels: what the issuer learned about its logged decisions, from which source and when.
-- known_at is when the label became known (the chargeback's date, the cardholder's call), not when
-- it was typed in: training and backtests read labels "as known at" a cut-off, so they never see
-- the future. A label is never deleted; a retraction marks it, with who and when.
create table fraud_labels (
    id              uuid primary key,
    tenant_id       uuid         not null,
    decision_id     uuid         not null,
    card_account_id uuid,
    source          varchar(16)  not null,
    fraud           boolean      not null,
    network         varchar(12),
    reason_code     varchar(8),
    known_at        timestamp with time zone not null,
    recorded_by     varchar(200) not null,
    note            varchar(500),
    created_at      timestamp with time zone not null,
    retracted_at    timestamp with time zone,
    retracted_by    varchar(200)
);
create index fraud_labels_decision on fraud_labels (tenant_id, decision_id);
create index fraud_labels_card on fraud_labels (tenant_id, card_account_id, created_at);
create index fraud_labels_known on fraud_labels (tenant_id, known_at);

-- Labelled transaction histories a fraud team imported (POST /v1/risk/labelled-history), to train
-- on the history it already has. Card numbers never reach these tables: a card id that is one is
-- replaced by a keyed hash on reading (card_key "pan:<hmac>"), and a row holding one elsewhere is refused.
create table labelled_histories (
    id                  uuid primary key,
    tenant_id           uuid          not null,
    name                varchar(100)  not null,
    history_schema      varchar(16)   not null,
    row_count           int           not null,
    fraud_count         int           not null,
    first_at            timestamp with time zone,
    last_at             timestamp with time zone,
    label_delay_seconds bigint        not null,
    extra_columns       varchar(4000) not null,
    created_by          varchar(200)  not null,
    created_at          timestamp with time zone not null,
    constraint labelled_histories_name unique (tenant_id, name)
);

create table labelled_history_rows (
    history_id       uuid          not null,
    seq              int           not null,
    card_key         varchar(100)  not null,
    bin              varchar(8),
    occurred_at      timestamp with time zone not null,
    amount_minor     bigint        not null,
    amount_major     double precision not null,
    currency         char(3)       not null,
    merchant_id      varchar(300),
    terminal_id      varchar(300),
    mcc              varchar(4),
    merchant_country varchar(2),
    channel          varchar(8)    not null,
    device_id        varchar(300),
    ip               varchar(300),
    email            varchar(300),
    delivery_address varchar(500),
    fraud            boolean       not null,
    label_known_at   timestamp with time zone not null,
    extra            varchar(100000),
    primary key (history_id, seq)
);
