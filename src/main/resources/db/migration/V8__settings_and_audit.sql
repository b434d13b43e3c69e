-- Runtime settings changed through the API (PUT /api/config). A key without a row has its default from
-- application.properties; a reset deletes the row. value holds the setting's JSON value, never JSON null.
create table settings (
    key        varchar(100) primary key,
    value      jsonb        not null,
    updated_at timestamptz  not null default now(),
    updated_by varchar(64)  not null
);

-- Who changed what through the API, written in the transaction of the change itself. before and after
-- are what the API shows of the thing (secrets masked), null where there is none (before a create,
-- after a delete).
create table audit_log (
    id           bigserial    primary key,
    at           timestamptz  not null default now(),
    actor_key_id varchar(64)  not null,
    actor_name   varchar(255) not null,
    action       varchar(64)  not null,
    target       varchar(255) not null,
    before       jsonb,
    after        jsonb
);

-- GET /api/audit: newest first, keyset-paginated on (at, id), optionally filtered by action or target.
create index audit_log_at_idx on audit_log (at desc, id desc);
create index audit_log_action_idx on audit_log (action, at desc, id desc);
create index audit_log_target_idx on audit_log (target, at desc, id desc);
