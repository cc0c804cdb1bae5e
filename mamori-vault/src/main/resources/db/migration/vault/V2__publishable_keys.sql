-- Publishable keys of hosted payment fields (非保持化, JavaScript/token type). Not secret: a shop
-- puts one in its checkout page. It is bound to one tenant and to the web origins allowed to embed
-- the card form; the form's tokens are created in that tenant. Plain SQL for PostgreSQL 15+ and H2.
create table publishable_keys (
    id               uuid primary key,
    tenant_id        uuid not null,
    name             varchar(100) not null,
    -- 'pk_' and 32 random bytes in base64url; shown in listings because it is not a secret.
    publishable_key  varchar(64) not null,
    -- Space-separated origins, each scheme://host[:port] (validated and normalised by the server).
    allowed_origins  varchar(2100) not null,
    created_by       varchar(200) not null,
    created_at       timestamp with time zone not null,
    revoked_at       timestamp with time zone,
    constraint publishable_keys_key_uq unique (publishable_key)
);
create index publishable_keys_tenant_idx on publishable_keys (tenant_id, created_at);
