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
