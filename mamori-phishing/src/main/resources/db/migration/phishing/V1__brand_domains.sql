-- The domains a tenant protects: its brand and customer-facing domains. Posture checks, DMARC
-- aggregate reports and lookalike detection all start from this list.
create table brand_domains (
    tenant_id   uuid         not null,
    domain      varchar(253) not null, -- A-label (punycode), lower case, no trailing dot
    sends_mail  boolean      not null, -- false: a parked/non-sending domain (expects v=spf1 -all, p=reject)
    label       varchar(100),          -- what people call it, e.g. the brand name
    created_at  timestamp with time zone not null,
    created_by  varchar(200) not null,
    primary key (tenant_id, domain)
);
