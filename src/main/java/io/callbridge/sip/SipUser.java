package io.callbridge.sip;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A SIP user as the API shows it: never the password nor its hashes. */
public record SipUser(
        @Schema(required = true) long id,
        @Schema(required = true) String username,
        @Schema(required = true) String domain,
        @Schema(required = true, example = "sip:alice@a.example.test", description = "The address of record") String uri,
        @Schema(nullable = true) String displayName,
        @Schema(nullable = true) String callerId,
        @Schema(required = true) boolean enabled) {

    static SipUser of(long id, String username, String domain, String displayName, String callerId, boolean enabled) {
        return new SipUser(id, username, domain, "sip:" + username + "@" + domain, displayName, callerId, enabled);
    }
}
