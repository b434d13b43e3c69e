package io.callbridge.api.problem;

import java.util.List;

/** A request the API refuses with 400; {@code errors} names each invalid field. */
public class InvalidRequestException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidRequestException(String detail, List<FieldError> errors) {
        super(detail);
        this.errors = List.copyOf(errors);
    }

    /** A 400 whose detail names each invalid {@code kind} ("field", "parameter"): "invalid field(s): a, b". */
    public static InvalidRequestException of(String kind, List<FieldError> errors) {
        return new InvalidRequestException("invalid " + kind + "(s): " + names(errors), errors);
    }

    /** The fields of {@code errors}, each once, comma-separated. */
    public static String names(List<FieldError> errors) {
        return String.join(", ", errors.stream().map(FieldError::field).distinct().toList());
    }

    public List<FieldError> errors() {
        return errors;
    }
}
