package io.callbridge.api.problem;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds {@code application/problem+json} responses. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

    private Problems() {
    }

    public static Response.ResponseBuilder of(ProblemType type, int status, String detail, String instance,
                                              List<FieldError> errors) {
        return build(new Problem(type.uri, type.title, status, detail, instance, errors));
    }

    /** A plain HTTP error: {@code about:blank}, titled with the status's reason phrase. */
    public static Response.ResponseBuilder of(int status, String detail, String instance) {
        return build(plain(status, detail, instance));
    }

    /** The body of {@link #of(int, String, String)}, for answers written outside Quarkus REST. */
    public static Problem plain(int status, String detail, String instance) {
        return new Problem(ProblemType.ABOUT_BLANK, reasonPhrase(status), status, detail, instance, null);
    }

    private static Response.ResponseBuilder build(Problem problem) {
        return Response.status(problem.status()).type(PROBLEM_JSON).entity(problem);
    }

    static String reasonPhrase(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) return known.getReasonPhrase();
        return Response.Status.Family.familyOf(status) == Response.Status.Family.CLIENT_ERROR ? "Client Error" : "Error";
    }
}
