package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import java.util.List;

/**
 * A request body (a record read by {@link StrictJson}) that can tell its invalid fields. When a body has
 * fields of the wrong JSON type or unknown ones, StrictJson reports them together with these, so a client
 * hears of every bad field in one answer.
 */
public interface CheckedBody {

    /**
     * Every invalid field of this body as given, each a {@link FieldError} named as in the JSON
     * ({@code parameters.tenant}); empty when it is valid. Checks that look up stored data (a route by its
     * number) are left to the resource.
     */
    List<FieldError> fieldErrors();

    /** The errors {@code check} throws as an {@link InvalidRequestException}, or none. */
    static List<FieldError> errorsOf(Runnable check) {
        try {
            check.run();
            return List.of();
        } catch (InvalidRequestException e) {
            return e.errors();
        }
    }
}
