-- API keys created through the API. Only the SHA-256 of a key is stored: the key itself is shown once, on
-- creation. A random 256-bit key needs no salt or slow hash: its digest cannot be reversed or guessed, and
-- it can serve as the lookup index. Revoked keys stay on record (revoked_at) and never work again.
-- The bootstrap keys of the environment (CALLBRIDGE_API_KEY) are not in this table.
create table api_keys (
    id           varchar(40)  primary key,
    name         varchar(100) not null,
    prefix       varchar(16)  not null,
    key_hash     bytea        not null unique check (octet_length(key_hash) = 32),
    created_at   timestamptz  not null default now(),
    created_by   varchar(64)  not null,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    revoked_by   varchar(64)
);
