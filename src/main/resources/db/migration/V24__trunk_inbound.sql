-- The trunk an inbound call came in on (X-Callbridge-Trunk, kamailio/trunks.cfg); null for calls from phones,
-- trusted peers or the open policy, and for outbound calls. No foreign key: a deleted trunk keeps its history.
alter table calls add column if not exists trunk_id bigint;

-- Every instance keeps the trunks' inbound settings (country code, national prefix) in memory for the call
-- path, reloaded when the table changes (store/TableChanges). A change of gateways or DIDs also updates its
-- trunk row (updated_at), in the same transaction.
create trigger trunk_notify_change
    after insert or update or delete or truncate on trunk
    for each statement execute function callbridge_notify_table_change();
