-- Call analytics (GET /api/analytics/calls) needs every call in progress at some instant of a time range,
-- including calls that started before the range: a question about overlapping intervals, which no b-tree
-- on started_at or ended_at answers without reading every older call. A GiST index on the call's span does.
--
-- The span is [started_at, ended_at), unbounded while the call has no end. A call whose end is before its
-- start (the clock stepped back) gets an empty span rather than making tstzrange() fail its insert.
-- Queries must use call_span(started_at, ended_at) exactly for the planner to match the index.
create function call_span(started_at timestamptz, ended_at timestamptz) returns tstzrange
    language sql immutable parallel safe
    return tstzrange(started_at, case when ended_at < started_at then started_at else ended_at end);

create index calls_span_idx on calls using gist (call_span(started_at, ended_at));
