-- Runtime settings are held in memory by every instance (config/Settings). Like routes and the blocklist
-- (V11), a change to the table, through any instance's API or SQL, notifies every instance, which reloads it.
create trigger settings_notify_change
    after insert or update or delete or truncate on settings
    for each statement execute function callbridge_notify_table_change();
