-- Events given up: counted for the backlog gauge (callbridge_webhooks_deliveries{status="failed"}) and listed
-- by GET /api/webhooks/deliveries?status=failed, newest first, without reading the delivered ones.
create index webhook_outbox_failed_idx on webhook_outbox (id) where failed_at is not null;
