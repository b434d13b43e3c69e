-- Webhook events, written in the same transaction as the call state they report, delivered by the app
-- afterwards with retries: nothing is lost if the app or the receiver is down.
create table webhook_outbox (
    id              bigserial     primary key,
    event_id        varchar(40)   not null unique,
    call_sid        varchar(34),
    event_type      varchar(40)   not null,
    endpoint        varchar(2048) not null,
    payload         text          not null,
    created_at      timestamptz   not null default now(),
    attempts        integer       not null default 0,
    next_attempt_at timestamptz   not null default now(),
    delivered_at    timestamptz,
    failed_at       timestamptz,
    last_status     integer,
    last_error      varchar(500)
);

create index webhook_outbox_due_idx on webhook_outbox (next_attempt_at)
    where delivered_at is null and failed_at is null;
create index webhook_outbox_call_idx on webhook_outbox (call_sid, id);
