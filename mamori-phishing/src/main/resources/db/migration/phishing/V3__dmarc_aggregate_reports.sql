-- DMARC aggregate (RUA) reports a tenant uploaded, and their records. Reports for any domain are
-- accepted (a tenant may monitor a domain before registering it); domain_registered says whether
-- the domain was one of the tenant's brand domains (or a subdomain of one) at upload time.
create table dmarc_reports (
    id                 uuid         not null primary key,
    tenant_id          uuid         not null,
    org_name           varchar(200) not null, -- the reporter, e.g. google.com
    org_key            varchar(200) not null, -- org_name in lower case: duplicates are (tenant, org_key, report_id)
    org_email          varchar(320) not null,
    extra_contact      varchar(500),
    report_id          varchar(300) not null, -- the reporter's own id
    period_begin       timestamp with time zone not null,
    period_end         timestamp with time zone not null,
    domain             varchar(253) not null, -- policy_published/domain, A-label
    domain_registered  boolean      not null,
    schema_version     varchar(40),           -- <version>, null for RFC 7489 reports
    xml_namespace      varchar(100) not null, -- '' for no namespace
    generator          varchar(200),
    policy_p           varchar(10)  not null,
    policy_sp          varchar(10)  not null,
    policy_np          varchar(10),
    policy_pct         integer,
    policy_adkim       varchar(1)   not null,
    policy_aspf        varchar(1)   not null,
    policy_fo          varchar(20),
    policy_testing     boolean      not null,
    discovery_method   varchar(10),
    reporter_errors    varchar(4000),          -- report_metadata/error elements, one per line
    record_count       integer      not null,
    message_count      bigint       not null,
    file_format        varchar(10)  not null, -- XML, GZIP, ZIP, EMAIL
    file_name          varchar(255),
    received_at        timestamp with time zone not null,
    received_by        varchar(200) not null,
    constraint dmarc_reports_unique unique (tenant_id, org_key, report_id)
);
create index dmarc_reports_domain on dmarc_reports (tenant_id, domain, period_begin);

create table dmarc_report_records (
    dmarc_report_id  uuid         not null references dmarc_reports (id) on delete cascade,
    record_no        integer      not null, -- 1-based, in report order
    tenant_id        uuid         not null,
    source_ip        varchar(45)  not null,
    message_count    bigint       not null,
    disposition      varchar(10)  not null, -- NONE, PASS, QUARANTINE, REJECT
    dkim_aligned     boolean      not null, -- policy_evaluated/dkim = pass
    spf_aligned      boolean      not null, -- policy_evaluated/spf = pass
    reasons          varchar(1000),         -- override reasons, one per line
    header_from      varchar(253) not null,
    envelope_from    varchar(253),
    envelope_to      varchar(253),
    primary key (dmarc_report_id, record_no)
);
create index dmarc_report_records_ip on dmarc_report_records (tenant_id, source_ip);

-- Raw (unaligned) auth_results of a record: one row per DKIM signature or SPF check.
create table dmarc_record_auth (
    dmarc_report_id  uuid         not null,
    record_no        integer      not null,
    seq              integer      not null,
    method           varchar(4)   not null, -- dkim or spf
    auth_domain      varchar(253),
    dkim_selector    varchar(253),
    spf_scope        varchar(10),
    auth_result      varchar(10)  not null,
    primary key (dmarc_report_id, record_no, seq),
    foreign key (dmarc_report_id, record_no) references dmarc_report_records (dmarc_report_id, record_no) on delete cascade
);
