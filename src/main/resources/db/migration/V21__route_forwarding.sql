-- Forwarding with failover, per route (docs/flows.md, "Forwarding with failover"): when the route is at capacity
-- (busy) or its agent fails, the caller is forwarded to these targets in turn, each ringing for its own timeout.
create table route_forwarding (
    route_id         bigint      primary key references routes (id) on delete cascade,
    on_busy          boolean     not null,
    on_agent_failure boolean     not null,
    -- JSON array, in the order tried: [{"to": "+14155550100", "timeout": 20}, …] (timeout in seconds)
    targets          text        not null,
    updated_at       timestamptz not null default now()
);
