-- Fraud models (issue 5): versions of a gradient-boosted tree model per tenant, trained offline
-- (XGBoost) and scored in plain Java by the authorization host. A version is a draft until a second
-- person promotes it (four-eyes); one version may be active (its score and thresholds act), one may
-- run in shadow (scored and logged, never acting).
create table fraud_models (
    tenant_id            uuid          not null,
    version              int           not null,
    status               varchar(12)   not null,
    model_gzip           bytea         not null,
    model_sha256         char(64)      not null,
    feature_names        varchar(20000) not null,
    tree_count           int           not null,
    trained_from         timestamp with time zone,
    trained_to           timestamp with time zone,
    training_source      varchar(200)  not null,
    metrics              varchar(20000) not null,
    baseline             varchar(200000) not null,
    decline_threshold    double precision,
    challenge_threshold  double precision,
    review_threshold     double precision,
    note                 varchar(200),
    created_by           varchar(200)  not null,
    created_at           timestamp with time zone not null,
    promoted_by          varchar(200),
    promoted_at          timestamp with time zone,
    previous_active      int,
    stopped_reason       varchar(300),
    stopped_at           timestamp with time zone,
    primary key (tenant_id, version)
);

-- What the model said about each decision: the active version's score (column score, in V1) and
-- top reasons, and the shadow version's score next to it.
alter table decisions add column model_version int;
alter table decisions add column model_reasons varchar(400);
alter table decisions add column shadow_model_version int;
alter table decisions add column shadow_score double precision;
