-- Scale-out (docs/scaling.md). Each instance writes, beside its heartbeat:
--   media_node: the media node it drives (callbridge.ari.media-node, the node's duid in Kamailio's dispatcher
--               set 1): GET /api/nodes counts each node's open calls through its instances;
--   address:    the base URL of its REST API (callbridge.instance.address): a request about a call another
--               instance owns is forwarded there.
alter table instances add column media_node varchar(128);
alter table instances add column address text;

-- API keys created or revoked through one instance work (or stop working) on every other within a second, as
-- routes and settings do (V11): each instance LISTENs and reloads its keys. Their last use, written once a
-- minute, is no change to tell about.
create trigger api_keys_notify_change
    after insert or delete or truncate or update of key_hash, revoked_at on api_keys
    for each statement execute function callbridge_notify_table_change();
