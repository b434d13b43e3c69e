-- Hold and music on hold. A route may name the music-on-hold class its callers hear while held (null: the
-- default class) and opt its agent in to hold/resume events on the stream (off: the agent sees exactly the
-- Twilio protocol).
alter table routes
    add column moh_class   varchar(64),
    add column hold_events boolean not null default false;

-- Hold time on the CDR: the milliseconds the call spent held (summed over its holds), and, while it is held,
-- since when and by whom ('api' or 'caller'). held_since survives a restart of the app, so an adopted call
-- stays held and its open hold is counted when it resumes or ends.
alter table calls
    add column hold_ms    bigint,
    add column holds      integer,
    add column held_since timestamptz,
    add column held_by    varchar(16);

-- Music-on-hold classes managed over the API. The files live in a directory every Asterisk node and app
-- instance shares (callbridge.moh.directory); this table names the classes, and a change to it tells every
-- instance (store/TableChanges) to reload music on hold on its Asterisk node.
create table moh_classes (
    name       varchar(64) primary key,
    created_at timestamptz not null default now()
);

create trigger moh_classes_notify_change
    after insert or update or delete or truncate on moh_classes
    for each statement execute function callbridge_notify_table_change();
