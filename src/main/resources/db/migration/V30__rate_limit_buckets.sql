-- The API's rate-limit token buckets, shared by every app instance so that a key spread over several instances
-- gets its configured rate in total (api/auth/SharedRateLimiter takes a token in one upsert). Unlogged: a
-- bucket is worth nothing after a crash (a lost bucket starts full, as a new key's does), and the table is
-- written on every API request, so it skips the WAL.
create unlogged table rate_limit_buckets (
    bucket     varchar(160)     primary key,
    tokens     double precision not null,
    updated_at timestamptz      not null,
    per_second double precision not null,
    burst      integer          not null,
    allowed    boolean          not null
);
