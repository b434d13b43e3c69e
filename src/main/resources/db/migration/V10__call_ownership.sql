-- Calls survive the control plane: every CDR names the instance that owns the call, so a restarted or
-- reconnecting instance continues (adopts) or closes only its own calls, never another's.
alter table calls add column instance_id varchar(128);
-- The agent the call talks to (route number, url, protocol, rate, parameters, onAgentFailure) as JSON, written
-- when the call is routed: an adopted call reopens its stream to the same agent even if the route changed.
alter table calls add column agent_spec text;
-- Time the call spent without its agent because the app restarted (milliseconds, summed over restarts), and
-- how often it was adopted.
alter table calls add column agent_gap_ms bigint;
alter table calls add column adoptions integer;
create index calls_open_by_instance_idx on calls (instance_id) where ended_at is null;

-- Each instance's heartbeat: the last second its process was known alive. A restarted instance reads it to
-- tell how long its calls were without an agent.
create table instances (
    instance_id varchar(128) primary key,
    seen_at     timestamptz  not null
);
