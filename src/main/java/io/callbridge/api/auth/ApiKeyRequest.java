package io.callbridge.api.auth;

import io.callbridge.api.CheckedBody;
import io.callbridge.api.problem.FieldError;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/keys}; {@link ApiKeyValidator} checks it, unknown properties are a 400. */
@Schema(description = "A key to create. Unknown properties are refused.")
public record ApiKeyRequest(
        @Schema(required = true, minLength = 1, maxLength = 100, example = "ci deploy",
                description = "What the key is for: one line, no control characters") String name) implements CheckedBody {

    @Override
    public List<FieldError> fieldErrors() {
        return CheckedBody.errorsOf(() -> ApiKeyValidator.name(this));
    }
}
