package io.callbridge.sip;

import io.callbridge.api.CheckedBody;
import io.callbridge.api.problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/security/ip-rules}. Unknown properties are refused. */
@Schema(description = "An entry of the edge's allow or deny list. Unknown properties are refused.")
public record IpRuleRequest(
        @Schema(required = true, enumeration = {"allow", "deny"}, description = "deny: nothing from the network is "
                + "answered; allow: once the allow list has an entry, only its networks are answered (deny wins)")
        String list,
        @Schema(required = true, example = "203.0.113.0/24", description = "An IPv4 or IPv6 network (CIDR) or a "
                + "single address") String cidr,
        @Schema(nullable = true, maxLength = 64) String description) implements CheckedBody {

    static final int MAX_DESCRIPTION = 64; // kamailio.address.tag

    @Override
    public List<FieldError> fieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        if (!IpRule.ALLOW.equals(list) && !IpRule.DENY.equals(list)) {
            errors.add(new FieldError("list", "must be allow or deny"));
        }
        try {
            Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("cidr", e.getMessage()));
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        return errors;
    }
}
