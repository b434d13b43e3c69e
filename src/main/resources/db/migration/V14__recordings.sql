-- Call recordings: one row per recording of a call, from its start (by the API or the call's route) to the
-- stereo WAV the app keeps (docs/recording.md). The instance that started a recording finishes it, also
-- after a restart of its own (instance_id).
create table recordings (
    id              bigserial     primary key,
    sid             varchar(34)   not null unique,
    call_sid        varchar(34)   not null,
    instance_id     varchar(100)  not null,
    -- in-progress, paused, processing, completed, absent (no audio could be fetched from Asterisk)
    status          varchar(20)   not null,
    -- api (POST /api/calls/{callSid}/recordings) or route (the route's record flag)
    source          varchar(20)   not null,
    started_at      timestamptz   not null,
    ended_at        timestamptz,
    -- while paused: when the pause began
    paused_at       timestamptz,
    -- the paused stretches, in milliseconds from the start: [{"startMs":1000,"endMs":2500}, …]
    pauses          jsonb         not null default '[]',
    duration_ms     bigint,
    channels        integer,
    sample_rate     integer,
    size_bytes      bigint,
    sha256          varchar(64),
    file_name       varchar(200),
    -- the caller's channel the snoop channels spy on
    channel_id      varchar(100)  not null,
    -- Twilio-style recordingStatusCallback receiver, when the start asked for one
    status_callback varchar(2048),
    error           varchar(500)
);

create index recordings_call_sid_idx on recordings (call_sid);
create index recordings_started_idx on recordings (started_at desc, id desc);
create index recordings_open_idx on recordings (instance_id) where ended_at is null;

-- A route can record every call it takes, optionally after an announcement played to the caller.
alter table routes add column record boolean not null default false;
alter table routes add column record_announcement varchar(200);
