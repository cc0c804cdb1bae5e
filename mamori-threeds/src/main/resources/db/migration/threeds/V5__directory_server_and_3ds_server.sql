-- The Directory Server: card ranges routed to issuers' ACSs, the 3DS Servers it knows, its transactions.
-- Ranges are stored as 19-digit bounds (start padded with 0, end with 9) so that a card number padded
-- with 0 compares as text. A deleted range keeps its row (deleted_serial) so PRes deltas can report it.
create table threeds.ds_card_ranges (
    id uuid primary key,
    issuer_tenant_id uuid not null,
    start_range varchar(19) not null,
    end_range varchar(19) not null,
    start_bound char(19) not null,
    end_bound char(19) not null,
    acs_url varchar(2048) not null,
    acs_start_protocol_version varchar(8) not null,
    acs_end_protocol_version varchar(8) not null,
    three_ds_method_url varchar(2048),
    acs_info_ind varchar(64),
    created_serial bigint not null,
    deleted_serial bigint,
    created_at timestamp with time zone not null,
    deleted_at timestamp with time zone
);
create index ds_card_ranges_bounds on threeds.ds_card_ranges (start_bound, end_bound);

-- The card-range serial number (PReq/PRes serialNum): one row, bumped by every change.
create table threeds.ds_serial (
    id int primary key,
    serial bigint not null
);
insert into threeds.ds_serial (id, serial) values (1, 0);

create table threeds.ds_servers (
    ref_number varchar(32) primary key,
    name varchar(100) not null,
    created_at timestamp with time zone not null
);

create table threeds.ds_transactions (
    ds_trans_id varchar(36) primary key,
    server_trans_id varchar(36) not null,
    acs_trans_id varchar(36),
    server_ref_number varchar(32) not null,
    server_url varchar(2048),
    issuer_tenant_id uuid,
    card_range_id uuid,
    message_version varchar(8) not null,
    device_channel varchar(2),
    message_category varchar(2),
    ares_status varchar(1),
    ares_reason varchar(2),
    final_status varchar(1),
    final_reason varchar(2),
    error_code varchar(3),
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);
create index ds_transactions_server on threeds.ds_transactions (server_trans_id);

-- The 3DS Server's authentications (merchant/PSP domain): the vault token and the masked card, never the card number.
create table threeds.server_authentications (
    id uuid primary key,
    tenant_id uuid not null,
    server_trans_id varchar(36) not null unique,
    token varchar(128) not null,
    masked_pan varchar(19) not null,
    order_id varchar(64),
    amount_minor bigint,
    currency varchar(3),
    message_version varchar(8) not null,
    message_category varchar(2) not null,
    device_channel varchar(2) not null,
    request_json varchar(8000) not null,
    return_url varchar(2048),
    method_url varchar(2048),
    method_notified boolean not null,
    comp_ind varchar(1),
    status varchar(20) not null,
    ds_trans_id varchar(36),
    acs_trans_id varchar(36),
    acs_url varchar(2048),
    ares_status varchar(1),
    trans_status varchar(1),
    trans_status_reason varchar(2),
    eci varchar(2),
    authentication_value varchar(64),
    challenge_cancel varchar(2),
    error_code varchar(3),
    error_description varchar(2048),
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    completed_at timestamp with time zone
);
create index server_authentications_tenant on threeds.server_authentications (tenant_id, created_at);
