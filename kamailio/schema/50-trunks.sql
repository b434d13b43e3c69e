-- Carrier trunks (trunks.cfg, docs/carriers.md). The app writes the rows: trunk sources into address (group
-- 100 + trunk id), gateways into dispatcher (set 100 + trunk id), registrations into uacreg (l_uuid trunk-<id>).
-- Dispatcher set 1 (the media nodes) is written by the stack from kamailio/dispatcher.list.

create table if not exists dispatcher (
    id SERIAL PRIMARY KEY NOT NULL,
    setid INTEGER DEFAULT 0 NOT NULL,
    destination VARCHAR(192) DEFAULT '' NOT NULL,
    flags INTEGER DEFAULT 0 NOT NULL,
    priority INTEGER DEFAULT 0 NOT NULL,
    attrs VARCHAR(128) DEFAULT '' NOT NULL,
    description VARCHAR(64) DEFAULT '' NOT NULL
);
insert into version (table_name, table_version) values ('dispatcher', '4') on conflict do nothing;

create table if not exists uacreg (
    id SERIAL PRIMARY KEY NOT NULL,
    l_uuid VARCHAR(64) DEFAULT '' NOT NULL,
    l_username VARCHAR(64) DEFAULT '' NOT NULL,
    l_domain VARCHAR(64) DEFAULT '' NOT NULL,
    r_username VARCHAR(64) DEFAULT '' NOT NULL,
    r_domain VARCHAR(64) DEFAULT '' NOT NULL,
    realm VARCHAR(64) DEFAULT '' NOT NULL,
    auth_username VARCHAR(64) DEFAULT '' NOT NULL,
    auth_password VARCHAR(64) DEFAULT '' NOT NULL,
    auth_ha1 VARCHAR(128) DEFAULT '' NOT NULL,
    auth_proxy VARCHAR(255) DEFAULT '' NOT NULL,
    expires INTEGER DEFAULT 0 NOT NULL,
    flags INTEGER DEFAULT 0 NOT NULL,
    reg_delay INTEGER DEFAULT 0 NOT NULL,
    contact_addr VARCHAR(255) DEFAULT '' NOT NULL,
    socket VARCHAR(128) DEFAULT '' NOT NULL,
    CONSTRAINT uacreg_l_uuid_idx UNIQUE (l_uuid)
);
insert into version (table_name, table_version) values ('uacreg', '5') on conflict do nothing;

-- The address groups of the trunks (htable trunk_groups, htable's database columns): trunks.cfg matches a
-- request's source against each.
create or replace view trunk_groups as
    select distinct grp::varchar(64) as key_name, 0 as key_type, 1 as value_type, grp::varchar(128) as key_value,
           0 as expires
    from address where grp >= 100;

-- Switches of the edge the app sets (htable edge_flags): inbound_open = 1 lets calls in from any source.
create table if not exists edge_flags (
    key_name   varchar(64) primary key,
    key_type   integer not null default 0,
    value_type integer not null default 1,
    key_value  varchar(128) not null default '',
    expires    integer not null default 0
);
