-- Attack protection (protect.cfg, docs/sip-edge.md "Protection against attacks").

-- What Kamailio tells the app: a ban, or a burst of failed authentications. Kamailio inserts one row per
-- event (sqlops); the app reads the rows in id order, turns each into an audit entry, a metric and a
-- security.* webhook in one transaction, and deletes it there: at least once, nothing lost across a restart
-- of either side.
create table if not exists security_event (
    id          bigserial    primary key,
    at          timestamptz  not null default now(),
    -- 'ban' (an address or a user banned) or 'auth_failures' (the failure limit of an address or a user reached)
    kind        varchar(32)  not null,
    -- why: 'flood', 'auth_failures', 'scanner' (kind ban); 'address' or 'username' (kind auth_failures: what hit the limit)
    reason      varchar(32)  not null,
    -- the source address of the request that triggered the event
    address     varchar(64)  not null,
    -- user@domain of the credentials, when the request carried any
    username    varchar(255),
    user_agent  varchar(255),
    -- requests (flood) or failed authentications (auth) counted when the limit was reached
    count       integer,
    -- how long the ban lasts, in seconds (kind ban)
    ban_seconds integer
);

-- Kamailio's switches read at start and on htable.reload protect_flags (htable's database columns):
-- allow_list is the number of allow-list entries (address group 1), so an empty allow list allows everyone.
create or replace view protect_flags as
    select 'allow_list'::varchar(64) as key_name, 0 as key_type, 1 as value_type,
           (select count(*) from address where grp = 1)::varchar(128) as key_value, 0 as expires;
