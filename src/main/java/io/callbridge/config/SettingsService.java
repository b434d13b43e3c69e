package io.callbridge.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.audit.Actor;
import io.callbridge.audit.AuditLog;
import io.callbridge.store.SettingRow;
import io.callbridge.store.SettingRowRepository;
import io.callbridge.store.TableChanged;
import io.callbridge.store.TableChanges;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Changes the runtime settings: stores them in the {@code settings} table with their audit entries in one
 * transaction, then makes them current in {@link Settings} and fires {@link SettingsChanged}. Loads the
 * stored ones at startup, and again whenever the table changes, on any instance (within a second, as routes
 * and the blocklist: {@link TableChanges}). The table is read in plain JDBC: a reload runs on the listener's
 * thread, outside any request or transaction.
 */
@ApplicationScoped
public class SettingsService {

    private static final Logger LOG = Logger.getLogger(SettingsService.class);

    private final Settings settings;
    private final SettingRowRepository rows;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Event<SettingsChanged> changed;
    private final DataSource db;

    SettingsService(Settings settings, SettingRowRepository rows, AuditLog audit, ObjectMapper json,
                    Event<SettingsChanged> changed, DataSource db) {
        this.settings = settings;
        this.db = db;
        this.rows = rows;
        this.audit = audit;
        this.json = json;
        this.changed = changed;
    }

    /** Before the other startup observers (default priority 2500), so calls and webhooks start with these. */
    void onStart(@Observes @Priority(100) StartupEvent start) {
        load();
    }

    /**
     * The {@code settings} table changed, here or on another instance (V12 trigger, {@link TableChanges}), or
     * nothing tells about its changes for now: reloaded, and {@link SettingsChanged} fired for the settings
     * whose value differs, if any. Runs on the listener's thread.
     *
     * @throws IllegalStateException when the table cannot be read; the listener tries again
     */
    void onTableChanged(@Observes TableChanged changed) {
        if (changed.is("settings")) reload();
    }

    /**
     * Puts the stored settings over the defaults and fires {@link SettingsChanged} for every setting. A row
     * that is no longer valid is skipped with a warning.
     */
    public synchronized void load() {
        List<String> problems = new ArrayList<>();
        Map<Setting, Object> overrides = read(problems);
        problems.forEach(LOG::warn);
        settings.override(overrides);
        if (!overrides.isEmpty()) LOG.infof("settings changed through the API: %s", overrides.keySet());
        changed.fire(new SettingsChanged(EnumSet.allOf(Setting.class)));
    }

    /**
     * Reads the table again and applies what differs from the values in effect: silent when nothing does
     * (a reload after this instance's own change, or while the listener is down). Serialized with
     * {@link #update}, so a reload never puts back what a newer local change replaced.
     */
    synchronized void reload() {
        Map<Setting, Object> before = settings.overrides();
        List<String> problems = new ArrayList<>();
        Map<Setting, Object> after = read(problems);
        if (after.equals(before)) return;
        Set<Setting> differ = EnumSet.noneOf(Setting.class);
        for (Setting s : Setting.values()) {
            if (!Objects.equals(before.containsKey(s) ? before.get(s) : settings.defaultValue(s),
                    after.containsKey(s) ? after.get(s) : settings.defaultValue(s))) {
                differ.add(s);
            }
        }
        settings.override(after);
        if (differ.isEmpty()) return;
        problems.forEach(LOG::warn); // once per change, not on every reload
        LOG.infof("settings changed in the database: %s", differ);
        changed.fire(new SettingsChanged(differ));
    }

    /** The valid stored settings; an unknown or invalid row is left out, and said why in {@code problems}. */
    private Map<Setting, Object> read(List<String> problems) {
        Map<Setting, Object> overrides = new EnumMap<>(Setting.class);
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select key, value::text from settings");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                String key = rows.getString(1);
                var setting = Setting.byKey(key);
                if (setting.isEmpty()) {
                    problems.add("stored setting " + key + " is unknown; ignored");
                    continue;
                }
                try {
                    overrides.put(setting.get(), setting.get().parse(json.readTree(rows.getString(2))));
                } catch (IllegalArgumentException | JsonProcessingException e) {
                    problems.add("stored setting " + key + " is not valid (" + e.getMessage() + "); its default applies");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the settings failed: " + e.getMessage(), e);
        }
        return overrides;
    }

    /**
     * Applies {@code changes} (already checked by {@link SettingsInput}; a null value resets the setting to
     * its default): stored and audited in one transaction, then current. Serialized, so the values in
     * effect are always those of the last committed change.
     */
    public synchronized void update(Actor actor, Map<Setting, Object> changes) {
        if (changes.isEmpty()) return;
        Map<Setting, Object> next = new EnumMap<>(Setting.class);
        next.putAll(settings.overrides());
        QuarkusTransaction.requiringNew().run(() -> {
            OffsetDateTime now = OffsetDateTime.now();
            for (var change : changes.entrySet()) {
                Setting s = change.getKey();
                Object before = settings.value(s);
                if (change.getValue() == null) {
                    rows.deleteById(s.key());
                    next.remove(s);
                } else {
                    store(s, change.getValue(), actor, now);
                    next.put(s, change.getValue());
                }
                Object after = next.containsKey(s) ? next.get(s) : settings.defaultValue(s);
                audit.record(actor, AuditLog.CONFIG_UPDATE, s.key(), shown(s, before), shown(s, after));
            }
        });
        settings.override(next);
        changed.fire(new SettingsChanged(changes.keySet()));
    }

    private void store(Setting s, Object value, Actor actor, OffsetDateTime now) {
        SettingRow row = rows.findByIdOptional(s.key()).orElseGet(() -> {
            SettingRow r = new SettingRow();
            r.key = s.key();
            return r;
        });
        try {
            row.value = json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("setting values are plain JSON values", e);
        }
        row.updatedAt = now;
        row.updatedBy = actor.keyId();
        if (!rows.isPersistent(row)) rows.persist(row);
    }

    /** {@code {"<key>": <value as the API shows it>}}: self-describing, and a null value stays visible. */
    private static Map<String, Object> shown(Setting s, Object value) {
        return Collections.singletonMap(s.key(), s.shown(value));
    }
}
