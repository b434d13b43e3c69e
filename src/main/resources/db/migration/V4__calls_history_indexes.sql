-- The CDR history (GET /api/calls): newest first, keyset-paginated on (started_at, id), optionally
-- filtered. Each index ends in the page order, so a filtered page is an index range scan with no sort.
create index calls_history_idx on calls (started_at desc, id desc);
create index calls_from_history_idx on calls (from_number, started_at desc, id desc);
create index calls_to_history_idx on calls (to_number, started_at desc, id desc);
create index calls_termination_history_idx on calls (termination, started_at desc, id desc);

-- calls_history_idx serves everything the single-column index did.
drop index calls_started_at_idx;
