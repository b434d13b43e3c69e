-- SIP messages of calls in debug mode (capture.cfg, docs/troubleshooting.md "Debug mode"), written by
-- Kamailio's siptrace; Kamailio's own definition (/usr/share/kamailio/postgres/siptrace-create.sql).
-- The app deletes rows older than its retention (callbridge.debug.trace-retention).
create table if not exists sip_trace (
    id serial primary key not null,
    time_stamp timestamp without time zone default '2000-01-01 00:00:01' not null,
    time_us integer default 0 not null,
    callid varchar(255) default '' not null,
    traced_user varchar(255) default '' not null,
    msg text not null,
    method varchar(50) default '' not null,
    status varchar(255) default '' not null,
    fromip varchar(64) default '' not null,
    toip varchar(64) default '' not null,
    fromtag varchar(128) default '' not null,
    totag varchar(128) default '' not null,
    direction varchar(4) default '' not null
);
create index if not exists sip_trace_traced_user_idx on sip_trace (traced_user);
create index if not exists sip_trace_date_idx on sip_trace (time_stamp);
create index if not exists sip_trace_fromip_idx on sip_trace (fromip);
create index if not exists sip_trace_callid_idx on sip_trace (callid);
insert into version (table_name, table_version) values ('sip_trace', '4') on conflict do nothing;

-- The messages as text: Kamailio's PostgreSQL driver writes msg as a bytea literal ('\x' and hex digits).
create or replace view sip_trace_messages as
    select id, time_stamp, time_us, callid, method, status, fromip, toip, fromtag, totag, direction,
           case when left(msg, 2) = '\x' then convert_from(decode(substring(msg from 3), 'hex'), 'UTF8') else msg end as msg
      from sip_trace;
