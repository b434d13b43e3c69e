package io.callbridge.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every 4xx/5xx answer of {@code /api}. {@code errors} (an
 * extension member) names each invalid field of a request; it is left out when there is none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public Problem {
        errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }
}
