-- Carrier SIP trunks (docs/carriers.md). Applied to Kamailio by the app: inbound sources -> kamailio.address
-- (grp = 100 + trunk.id), gateways -> kamailio.dispatcher (setid = 100 + trunk.id, duid gw-<gateway id>),
-- registrations -> kamailio.uacreg (l_uuid trunk-<id>).
create table trunk (
    id                   bigserial primary key,
    name                 text not null unique,
    enabled              boolean not null default true,
    -- inbound
    inbound_sources      text[] not null default '{}',   -- IPv4/IPv6 addresses or CIDRs the carrier sends from
    country_code         text,                           -- E.164 country calling code for national numbers ('49')
    national_prefix      text,                           -- trunk prefix of national numbers ('0')
    -- outbound
    auth_username        text,                           -- digest credentials the carrier challenges for (401/407)
    auth_password        text,
    auth_realm           text,                           -- null: any realm
    register             boolean not null default false, -- register to the carrier (Kamailio uac)
    register_expires     integer not null default 3600,
    strip_digits         integer not null default 0,     -- leading digits removed from the dialed number
    add_prefix           text not null default '',       -- then prepended ('+', '00', a tech prefix)
    caller_id_policy     text not null default 'pass',   -- pass | fixed | e164 | national
    caller_id            text,                           -- the number used when policy is fixed
    codecs               text[] not null default '{}',   -- empty: Asterisk's defaults; else e.g. {ulaw,alaw,g722}
    max_concurrent_calls integer,                        -- null: no limit
    max_calls_per_second integer,                        -- null: no limit
    headers              jsonb not null default '{}',    -- extra SIP headers on outbound INVITEs (name -> value)
    request_user         text,                           -- request-URI user override (e.g. an AI platform's project id)
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now()
);
create table trunk_gateway (
    id        bigserial primary key,
    trunk_id  bigint not null references trunk(id) on delete cascade,
    host      text not null,
    port      integer not null default 5060,
    transport text not null default 'udp' check (transport in ('udp', 'tcp', 'tls')),
    priority  integer not null default 0,   -- lower is tried first (as Kamailio dispatcher's priority is
                                             -- inverted, the sync writes it so that the lowest is tried first)
    weight    integer not null default 1,   -- share among gateways of equal priority
    srtp      boolean not null default false -- offer RTP/SAVP (SDES) toward this gateway
);
create table trunk_did (
    id         bigserial primary key,
    trunk_id   bigint not null references trunk(id) on delete cascade,
    first_e164 text not null,               -- '+4930123400'
    last_e164  text not null,               -- equal to first_e164 for a single number; same length
    check (length(first_e164) = length(last_e164) and first_e164 <= last_e164)
);
create index trunk_did_range on trunk_did (first_e164, last_e164);
