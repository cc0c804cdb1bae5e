-- Tenants whose keys were crypto-shredded, and the key version their next keys start from. Versions
-- are never reused: an instance still caching a destroyed key of version n must not find a new
-- key row of version n and store a card under the destroyed key.
create table shredded_tenants (
    tenant_id     uuid primary key,
    next_version  integer not null,
    shredded_at   timestamp with time zone not null
);
