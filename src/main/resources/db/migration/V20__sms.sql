-- SMS over SIP MESSAGE (docs/sms.md). One row per message, inbound and outbound; the outbound rows are the
-- durable outbox (a row due for sending has next_attempt_at set), the inbound rows the queue of deliveries to
-- the number's messaging webhook (the same column). A row is written before the sender is acknowledged
-- (inbound: before Kamailio answers 202; outbound: before the API answers 202), so nothing acknowledged is lost.
create table sms_messages (
    sid             text primary key,                -- 'SM' + 32 hex
    direction       text not null,                   -- inbound | outbound
    from_number     text not null,
    to_number       text not null,
    body            text not null,
    status          text not null,                   -- Twilio's names: received, queued, sending, sent, failed, undelivered
    error_code      integer,                         -- the SIP code of a failure, or the webhook's HTTP status
    error_message   text,
    status_callback text,
    webhook_url     text,                            -- inbound: where it goes; outbound: null
    webhook_format  text,                            -- twilio | json
    webhook_status  text,                            -- inbound: pending | delivered | failed
    reply_to        text,                            -- an outbound reply: the inbound message it answers
    attempts        integer not null default 0,
    next_attempt_at timestamptz,                     -- due for its next attempt; null once final
    lease_until     timestamptz,                     -- an instance is working on it until then
    wait_until      timestamptz,                     -- outbound to an offline user: waits for a registration until then
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index sms_messages_due on sms_messages (next_attempt_at) where next_attempt_at is not null;
create index sms_messages_history on sms_messages (created_at desc, sid desc);
create index sms_messages_from on sms_messages (from_number, created_at desc);
create index sms_messages_to on sms_messages (to_number, created_at desc);

-- Each attempt of a message: the SIP answer of the next hop (outbound) or the webhook's HTTP answer (inbound).
create table sms_attempts (
    sid        text not null references sms_messages (sid) on delete cascade,
    attempt    integer not null,
    at         timestamptz not null default now(),
    target     text not null,                         -- the request URI or the webhook URL
    code       integer,                               -- SIP or HTTP status; null: no answer
    reason     text,
    primary key (sid, attempt)
);

-- A number's messaging route: where its inbound messages go.
create table sms_numbers (
    number     text primary key,
    url        text not null,
    format     text not null default 'twilio',        -- twilio (form + TwiML) | json
    created_at timestamptz not null default now()
);
