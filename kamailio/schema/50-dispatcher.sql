-- Dispatcher sets from the database (kamailio.cfg: dispatcher db_url): set 1 = the Asterisk media nodes,
-- sets 100 + trunk id = a carrier trunk's gateways (written by the app, docs/carriers.md).
create table if not exists dispatcher (
    id SERIAL PRIMARY KEY NOT NULL,
    setid INTEGER DEFAULT 0 NOT NULL,
    destination VARCHAR(192) DEFAULT '' NOT NULL,
    flags INTEGER DEFAULT 0 NOT NULL,
    priority INTEGER DEFAULT 0 NOT NULL,
    attrs VARCHAR(128) DEFAULT '' NOT NULL,
    description VARCHAR(64) DEFAULT '' NOT NULL
);
insert into version (table_name, table_version)
    select 'dispatcher', 4 where not exists (select 1 from version where table_name = 'dispatcher');
-- The local stack's one media node.
insert into dispatcher (setid, destination, flags, priority, attrs, description)
    select 1, 'sip:127.0.0.1:5080', 0, 0, 'duid=asterisk-1', 'media node'
    where not exists (select 1 from dispatcher where setid = 1);
