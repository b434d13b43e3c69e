package io.callbridge.ari;

import java.util.Map;

/**
 * What the call path reads of an ARI channel snapshot (in events and in REST answers).
 *
 * @param id           the channel's id
 * @param name         e.g. {@code PJSIP/edge-00000001}, or null
 * @param state        ARI's channel state ({@code Ring}, {@code Up} …), or null
 * @param callerNumber the caller id number, or null when absent or empty
 * @param exten        the dialplan extension the channel was at, or null
 * @param variables    the channel variables ARI reports (asterisk/ari.conf {@code channelvars}, and those of an
 *                     externalMedia channel); unset ones are left out
 */
public record AriChannel(String id, String name, String state, String callerNumber, String exten,
                         Map<String, String> variables) {

    /** The value of channel variable {@code name}, or null. */
    public String variable(String name) {
        return variables.get(name);
    }
}
