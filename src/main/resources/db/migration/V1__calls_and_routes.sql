-- Routes: which dialed numbers Callbridge handles. The media-bridge work adds the agent fields.
create table routes (
    id          bigserial    primary key,
    number      varchar(64)  not null unique,
    description varchar(255),
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);

-- Calls: one row per call, the CDR. Inserted when the call arrives and completed when it ends,
-- so a call that was in progress when the app stopped is still on record.
create table calls (
    id                 bigserial    primary key,
    call_sid           varchar(34)  not null unique,
    channel_id         varchar(128) not null,
    direction          varchar(16)  not null,
    from_number        varchar(128),
    to_number          varchar(128),
    route              varchar(64),
    state              varchar(16)  not null,
    started_at         timestamptz  not null,
    answered_at        timestamptz,
    ended_at           timestamptz,
    termination        varchar(32),
    termination_reason varchar(255),
    sip_code           integer
);

create index calls_started_at_idx on calls (started_at desc);
create index calls_channel_id_idx on calls (channel_id);
create index calls_open_idx on calls (ended_at) where ended_at is null;
