-- Outbound calls may carry a Twilio-style status callback: where to send it and for which events. Kept on
-- the CDR so that every later event of the call (also after a restart) knows where it goes.
alter table calls add column status_callback varchar(2048);
alter table calls add column status_callback_events varchar(64);

-- Webhook events are JSON (the configured receiver) or form-encoded (a call's status callback, as Twilio
-- sends them). Per-call order is kept per receiver, so a slow status callback never holds up the other.
alter table webhook_outbox add column format varchar(8) not null default 'json';
drop index webhook_outbox_call_idx;
create index webhook_outbox_call_idx on webhook_outbox (call_sid, endpoint, id);
