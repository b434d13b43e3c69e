package io.callbridge.sip;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.callbridge.api.CheckedBody;
import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/sip/users} and {@code PUT /api/sip/users/{id}}. The password is write-only:
 * the app stores only its HA1 hashes. On PUT, username and domain may be left out (they cannot change) and a
 * password left out keeps the current one.
 */
@JsonIgnoreProperties({"id", "uri"})
@Schema(description = "A SIP user to create or update; id and uri are ignored, so a user read with GET can be sent back.")
public record SipUserRequest(
        @Schema(maxLength = 64, example = "alice", description = "The user part of the address of record and the "
                + "digest username: letters, digits, . _ ~ -, optional leading +. Required on create; cannot change.")
        String username,
        @Schema(maxLength = 64, example = "a.example.test", description = "One of the registrar's domains "
                + "(GET /api/sip/domains); also the digest realm. Required on create; cannot change.") String domain,
        @Schema(minLength = 12, maxLength = 128, writeOnly = true, description = "Required on create; on update, "
                + "left out keeps the current one. Never returned nor logged: only HA1 hashes are stored.")
        String password,
        @Schema(nullable = true, maxLength = 128, example = "Alice Example") String displayName,
        @Schema(nullable = true, pattern = "^\\+?[0-9]{1,20}$", example = "+4930123456",
                description = "The number asserted for the user's calls") String callerId,
        @Schema(nullable = true, defaultValue = "true", description = "A disabled user cannot authenticate; "
                + "disabling removes the user's registrations") Boolean enabled) implements CheckedBody {

    /** The checks that hold for a create and an update alike (the fields given); create's required ones are in {@link #validate}. */
    @Override
    public List<FieldError> fieldErrors() {
        return CheckedBody.errorsOf(() -> validate(false));
    }

    /** Checks the body for a create ({@code creating}: username, domain and password required) or an update. */
    void validate(boolean creating) {
        List<FieldError> errors = new ArrayList<>();
        if (creating || username != null) SipNames.checkUsername("username", username, errors);
        if (creating || domain != null) SipNames.checkDomain("domain", domain, errors);
        if (password == null) {
            if (creating) errors.add(new FieldError("password", "is required"));
        } else {
            SipNames.checkPassword(password, errors);
        }
        SipNames.checkDisplayName(displayName, errors);
        SipNames.checkCallerId(callerId, errors);
        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
    }
}
