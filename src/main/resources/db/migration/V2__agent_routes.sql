-- Routes point a dialed number at an AI agent (media-bridge issue).
alter table routes
    add column url                  varchar(2048),
    add column protocol             varchar(16)  not null default 'twilio',
    add column sample_rate          integer      not null default 8000,
    add column parameters           jsonb        not null default '{}'::jsonb,
    add column max_concurrent_calls integer,
    add column on_agent_failure     varchar(255) not null default 'hangup';

alter table routes add constraint routes_protocol_check check (protocol in ('twilio', 'raw'));
alter table routes add constraint routes_sample_rate_check check (sample_rate in (8000, 16000, 24000));
alter table routes add constraint routes_max_concurrent_check check (max_concurrent_calls is null or max_concurrent_calls > 0);

-- Per-call media quality, written with the end of the call.
alter table calls
    add column agent_url              varchar(2048),
    add column protocol               varchar(16),
    add column packets_in             bigint,
    add column packets_out            bigint,
    add column bytes_in               bigint,
    add column bytes_out              bigint,
    add column packets_lost           bigint,
    add column packets_out_of_order   bigint,
    add column jitter_ms              double precision,
    add column frames_dropped         bigint,
    add column agent_reconnects       integer,
    add column first_audio_ms         integer,
    add column agent_malformed        bigint;
