-- Debug mode (POST /api/debug; docs/troubleshooting.md "Debug mode"): capture and verbose logs for one
-- number or one call until expires_at. Stored so that entries outlive a restart of the app or of Kamailio
-- (the app applies the live ones to Kamailio at start and every callbridge.debug.sync); expired rows are
-- deleted by that sync.
create table debug_entry (
    id          bigserial   primary key,
    number      text,                       -- a From/To user to match; null for a call's entry
    call_sid    text,                       -- the call; null for a number's entry
    sip_call_id text,                       -- that call's SIP Call-ID at the edge
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    check ((number is null) <> (call_sid is null))
);
create index debug_entry_expires_at on debug_entry (expires_at);
