package io.callbridge.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.audit.Actor;
import io.callbridge.audit.AuditLog;
import io.callbridge.store.SettingRow;
import io.callbridge.store.SettingRowRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Changes the runtime settings: stores them in the {@code settings} table with their audit entries in one
 * transaction, then makes them current in {@link Settings} and fires {@link SettingsChanged}. Loads the
 * stored ones at startup.
 */
@ApplicationScoped
public class SettingsService {

    private static final Logger LOG = Logger.getLogger(SettingsService.class);

    private final Settings settings;
    private final SettingRowRepository rows;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Event<SettingsChanged> changed;

    SettingsService(Settings settings, SettingRowRepository rows, AuditLog audit, ObjectMapper json,
                    Event<SettingsChanged> changed) {
        this.settings = settings;
        this.rows = rows;
        this.audit = audit;
        this.json = json;
        this.changed = changed;
    }

    /** Before the other startup observers (default priority 2500), so calls and webhooks start with these. */
    void onStart(@Observes @Priority(100) StartupEvent start) {
        load();
    }

    /** Puts the stored settings over the defaults. A row that is no longer valid is skipped with a warning. */
    public synchronized void load() {
        List<SettingRow> stored = QuarkusTransaction.requiringNew().call(rows::listAll);
        Map<Setting, Object> overrides = new EnumMap<>(Setting.class);
        for (SettingRow row : stored) {
            var setting = Setting.byKey(row.key);
            if (setting.isEmpty()) {
                LOG.warnf("stored setting %s is unknown; ignored", row.key);
                continue;
            }
            try {
                overrides.put(setting.get(), setting.get().parse(json.readTree(row.value)));
            } catch (IllegalArgumentException | JsonProcessingException e) {
                LOG.warnf("stored setting %s is not valid (%s); its default applies", row.key, e.getMessage());
            }
        }
        settings.override(overrides);
        if (!overrides.isEmpty()) LOG.infof("settings changed through the API: %s", overrides.keySet());
        changed.fire(new SettingsChanged(EnumSet.allOf(Setting.class)));
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
