-- Each attempt of an outbound call through a carrier trunk (docs/carriers.md): one row per gateway tried,
-- written by Kamailio (kamailio/trunkout.cfg) as the attempt ends: its SIP code (408 for a gateway that never
-- answered), 200 for the gateway that carried the call. Read by GET /api/calls/{callSid}.
create table trunk_attempt (
    id          bigserial primary key,
    call_sid    text not null,                 -- the Callbridge call the outbound leg belongs to
    sip_call_id text not null,                 -- the INVITE's Call-ID (one per leg)
    trunk_id    bigint not null,               -- no foreign key: a deleted trunk keeps its history
    gateway     text not null,                 -- the gateway's SIP URI as dispatched ('sip:192.0.2.1:5060')
    sip_code    integer not null,
    created_at  timestamptz not null default now(),
    unique (sip_call_id, gateway, sip_code)    -- a retransmitted final reply is not a second attempt
);
create index trunk_attempt_call on trunk_attempt (call_sid, id);

-- Kamailio (role kamailio, where it exists) reads the trunks it routes over and writes the attempts.
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'kamailio') then
        grant usage on schema public to kamailio;
        grant select on trunk, trunk_gateway to kamailio;
        grant insert on trunk_attempt to kamailio;
        grant usage on sequence trunk_attempt_id_seq to kamailio;
    end if;
end $$;
