-- Routes and the blocklist are read from memory on the call path. Every instance LISTENs on these channels
-- (store/TableChanges) and reloads the table named in a notification, so a change made anywhere (the API of
-- any instance, or SQL) reaches every instance's memory. One notification per statement: PostgreSQL folds
-- identical notifications of one transaction into one, so a bulk change costs one reload.
create function callbridge_notify_table_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('callbridge_table_change', tg_table_name);
    return null;
end
$$;

create trigger routes_notify_change
    after insert or update or delete or truncate on routes
    for each statement execute function callbridge_notify_table_change();

create trigger blocked_numbers_notify_change
    after insert or update or delete or truncate on blocked_numbers
    for each statement execute function callbridge_notify_table_change();
