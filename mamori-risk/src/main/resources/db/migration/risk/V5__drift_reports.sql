-- Drift reports (issue 5): how far a tenant's live traffic moved from what its active fraud model
-- was trained on, as population stability indices of the score and of each model input. A report
-- at level "major" also raised a "model-drift" alert.
create table drift_reports (
    id              uuid          primary key,
    tenant_id       uuid          not null,
    model_version   int           not null,
    period_from     timestamp with time zone not null,
    period_to       timestamp with time zone not null,
    created_at      timestamp with time zone not null,
    created_by      varchar(200)  not null,
    score_psi       double precision,
    score_rows      bigint        not null,
    decisions       bigint        not null,
    drift_level     varchar(20)   not null,
    features        varchar(200000) not null
);
create index drift_reports_tenant_time on drift_reports (tenant_id, created_at);
