-- 3-D Secure authentication values (issue 6). What the host made of the value an authorization
-- carried: valid, forged, mismatched (genuine, but for another card/amount/currency/merchant/ECI),
-- replayed (already accepted for another authorization) or unverified (no verifier, or the key
-- provider failed); null when the authorization carried no value. Liability shift: a valid value
-- with a fully authenticated (05/02) or attempted (06/01) ECI moves fraud liability to the issuer.
alter table decisions add column three_ds_value_check varchar(12);
alter table decisions add column liability_shift boolean not null default false;

-- Every authentication value the host accepted, once: a second authorization presenting it again
-- is a replay. Keyed by SHA-256 of the value (hex), written in the decision's own transaction.
create table authentication_values_used (
    value_hash   varchar(64) primary key,
    tenant_id    uuid        not null,
    decision_id  uuid        not null,
    used_at      timestamp with time zone not null
);
