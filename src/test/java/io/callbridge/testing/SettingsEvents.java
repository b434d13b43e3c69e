package io.callbridge.testing;

import io.callbridge.config.Setting;
import io.callbridge.config.Settings;
import io.callbridge.config.SettingsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records each SettingsChanged with the values observers saw then, as the API rate limiter will. */
@ApplicationScoped
public class SettingsEvents {

    public record Seen(SettingsChanged event, double perSecond, int burst, Map<String, Object> all) {
    }

    private final Settings settings;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    SettingsEvents(Settings settings) {
        this.settings = settings;
    }

    void on(@Observes SettingsChanged event) {
        seen.add(new Seen(event, settings.rateLimitPerSecond(), settings.rateLimitBurst(), settings.shown()));
    }

    public void clear() {
        seen.clear();
    }

    public List<Seen> touching(Setting... settings) {
        return seen.stream().filter(s -> s.event().touches(settings)).toList();
    }
}
