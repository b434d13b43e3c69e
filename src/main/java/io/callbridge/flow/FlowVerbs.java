package io.callbridge.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The TwiML verbs this build carries out: every {@link FlowVerb} bean, by its {@link FlowVerb#name()}. A verb
 * with no bean is refused as unknown when its document is loaded.
 */
@ApplicationScoped
public class FlowVerbs {

    private final Map<String, FlowVerb> byName;

    FlowVerbs(Instance<FlowVerb> verbs) {
        Map<String, FlowVerb> found = new HashMap<>();
        for (FlowVerb verb : verbs) {
            FlowVerb before = found.put(verb.name(), verb);
            if (before != null) {
                throw new IllegalStateException("two beans carry out <" + verb.name() + ">: "
                        + before.getClass().getName() + " and " + verb.getClass().getName());
            }
        }
        this.byName = Map.copyOf(found);
    }

    /** The bean for the verb named {@code name} (TwiML's spelling), if this build has one. */
    public Optional<FlowVerb> verb(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
