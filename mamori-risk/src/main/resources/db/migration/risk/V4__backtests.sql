-- Backtests: a candidate rule set (or model) replayed over a period of the decision log next to a
-- baseline. The report is kept whole as JSON; the columns are what listings and the activation
-- check ("has this version been backtested?") look up.
create table backtests (
    id                 uuid primary key,
    tenant_id          uuid          not null,
    period_from        timestamp with time zone not null,
    period_to          timestamp with time zone not null,
    candidate_kind     varchar(12)   not null,
    -- the rule set version (kind 'rules') or the model version (kind 'model'); null for unsaved rule text
    candidate_version  int,
    candidate_source   varchar(200000),
    baseline_version   int,
    decisions          bigint        not null,
    report             text          not null,
    created_by         varchar(200)  not null,
    created_at         timestamp with time zone not null
);
create index backtests_tenant_time on backtests (tenant_id, created_at);
create index backtests_tenant_version on backtests (tenant_id, candidate_kind, candidate_version);
