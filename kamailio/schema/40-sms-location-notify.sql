-- SMS (docs/sms.md): a message to a registered user who is offline waits for a registration. Kamailio's
-- usrloc writes each registration through to this table; the trigger tells the app (store/TableChanges
-- listens on the channel callbridge_table_change) so a waiting message goes at once.
create or replace function sms_notify_location() returns trigger language plpgsql as $$
begin
    perform pg_notify('callbridge_table_change', 'location');
    return null;
end
$$;
drop trigger if exists location_notify_sms on location;
create trigger location_notify_sms
    after insert or update on location
    for each statement execute function sms_notify_location();
