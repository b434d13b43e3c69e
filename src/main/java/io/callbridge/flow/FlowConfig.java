package io.callbridge.flow;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** TwiML flows (docs/flows.md): how voice URLs are requested and what a caller hears when a flow fails. */
@ConfigMapping(prefix = "callbridge.flow")
public interface FlowConfig {

    /** How long a voice URL (or a verb's action) may take to answer, when its route does not say. Twilio: 15 s. */
    @WithDefault("15s")
    Duration requestTimeout();

    /**
     * The ARI media the caller hears before the route's failure policy applies, when a flow fails
     * ({@code sound:…}); {@value #NO_NOTICE} for none.
     */
    @WithDefault("sound:im-sorry")
    String errorNotice();

    /** The {@link #errorNotice()} that plays nothing. */
    String NO_NOTICE = "none";

    /** Longest wait for the error notice to finish playing; the failure policy applies then in any case. */
    @WithDefault("5s")
    Duration errorNoticeLimit();

    /**
     * How many documents one call may run (each {@code <Redirect>}, action and live redirect loads one): a
     * redirect loop ends the call as {@code flow_failed} instead of spinning forever.
     */
    @WithDefault("500")
    int maxDocuments();
}
