-- A route may run a TwiML flow instead of an agent (docs/flows.md): a document stored on the route, or the one its
-- voice URL answers with (Twilio's voice webhook), with a fallback URL and a request timeout.
alter table routes
    add column twiml                 text,
    add column voice_url             varchar(2048),
    add column voice_method          varchar(4) not null default 'POST',
    add column voice_fallback_url    varchar(2048),
    add column voice_fallback_method varchar(4) not null default 'POST',
    add column voice_timeout_seconds integer;

alter table routes add constraint routes_voice_method_check check (voice_method in ('GET', 'POST'));
alter table routes add constraint routes_voice_fallback_method_check check (voice_fallback_method in ('GET', 'POST'));
alter table routes add constraint routes_voice_timeout_check
    check (voice_timeout_seconds is null or voice_timeout_seconds between 1 and 60);
-- An agent, a stored document or a voice URL: never two of them.
alter table routes add constraint routes_one_handler_check check (num_nonnulls(url, twiml, voice_url) <= 1);

-- Every Twilio-style callback honours its …Method: GET or POST (statusCallbackMethod on an outbound call).
alter table calls add column status_callback_method varchar(4);
alter table webhook_outbox add column http_method varchar(4) not null default 'POST';
alter table webhook_outbox add constraint webhook_outbox_http_method_check check (http_method in ('GET', 'POST'));
