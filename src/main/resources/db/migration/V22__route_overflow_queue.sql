-- A route's maxConcurrentCalls may overflow into a named call queue instead of refusing with 486 (docs/flows.md,
-- "Queues"): the caller over the limit waits there with music on hold until one of the route's lines frees.
alter table routes add column overflow_queue varchar(64);
alter table routes add constraint routes_overflow_queue_check
    check (overflow_queue is null or (length(overflow_queue) between 1 and 64 and max_concurrent_calls is not null));
