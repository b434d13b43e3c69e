package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import io.callbridge.call.PhoneNumbers;
import io.quarkus.arc.Arc;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/numbers/block}: a caller's phone number in any usual form and why it is
 * blocked. {@link BlockValidator} checks it; unknown properties are a 400 ({@link StrictJson}).
 */
@Schema(description = "A caller to block. Unknown properties are refused.")
public record BlockRequest(
        @Schema(required = true, example = "(555) 123-4567", description = "A phone number in any usual form, an "
                + "extension (1-6 digits), a SIP user name or a SIP URI (its user part is blocked)") String number,
        @Schema(nullable = true, maxLength = 255) String reason) implements CheckedBody {

    @Override
    public List<FieldError> fieldErrors() {
        PhoneNumbers numbers = Arc.container().instance(PhoneNumbers.class).get();
        return CheckedBody.errorsOf(() -> BlockValidator.validate(this, numbers));
    }
}
