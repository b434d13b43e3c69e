package io.callbridge.api.problem;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.callbridge.api.BodyLimit;
import io.callbridge.call.DuplicateRouteException;
import io.callbridge.call.RouteNotFoundException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every exception that reaches Quarkus REST into an RFC 9457 problem, so clients of {@code /api}
 * parse one error format. Bad input is always a 4xx naming what was wrong; only a fault of the server is a
 * 500, and its body never carries a stack trace (the log does, under an id the body quotes). These
 * mappers serve every Quarkus REST resource, not only {@code /api}: one error format for the whole app.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e, UriInfo uri) {
        return Problems.of(ProblemType.VALIDATION, 400, e.getMessage(), path(uri), e.errors()).build();
    }

    @ServerExceptionMapper
    public Response notFound(RouteNotFoundException e, UriInfo uri) {
        return Problems.of(404, e.getMessage(), path(uri)).build();
    }

    @ServerExceptionMapper
    public Response duplicate(DuplicateRouteException e, UriInfo uri) {
        return Problems.of(ProblemType.DUPLICATE_NUMBER, 409, e.getMessage(), path(uri),
                List.of(new FieldError("number", "already used by another route"))).build();
    }

    /**
     * Valid JSON that does not fit the request type: an unknown property, a string where a number belongs,
     * an array where an object belongs. Quarkus REST hands these over unwrapped.
     */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return bodyProblem(e, uri);
    }

    /** Also reached by malformed JSON: Quarkus REST wraps Jackson's parse errors in a 400. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JacksonException jackson) return bodyProblem(jackson, uri);
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status < 400) return original; // a redirect is not an error
        if (status >= 500) return serverError(e, uri);
        Response.ResponseBuilder problem = Problems.of(status, detail(e, uri), path(uri));
        // Keep the headers the status relies on (WWW-Authenticate, Retry-After, Allow when set).
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                values.forEach(v -> problem.header(name, v));
            }
        });
        return problem.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        return serverError(e, uri);
    }

    private static Response bodyProblem(JacksonException e, UriInfo uri) {
        // The body limit hit while Jackson read a value: Jackson wraps it as that value's error.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimit.TooLarge tooLarge) return BodyLimit.answer(tooLarge, path(uri));
        }
        if (e instanceof DatabindException databind) {
            String field = fieldOf(databind);
            if (field.isEmpty()) {
                // Jackson's message would name our Java class; say what the client can act on.
                String detail = String.valueOf(e.getMessage()).startsWith("Trailing token")
                        ? "unexpected content after the JSON object" : "the body must be a JSON object";
                return Problems.of(ProblemType.MALFORMED_JSON, 400, detail, path(uri), null).build();
            }
            String message = e instanceof UnrecognizedPropertyException ? "unknown property" : mismatchMessage(e);
            String detail = e instanceof UnrecognizedPropertyException
                    ? "unknown property '" + field + "'"
                    : "'" + field + "' " + message;
            return Problems.of(ProblemType.VALIDATION, 400, detail, path(uri), List.of(new FieldError(field, message)))
                    .build();
        }
        String detail = malformedDetail(e);
        if (e.getLocation() != null) {
            detail += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return Problems.of(ProblemType.MALFORMED_JSON, 400, detail, path(uri), null).build();
    }

    /**
     * What is wrong with a body that is not JSON, in words a client can act on and nothing of the parser
     * (Jackson's messages quote its source and the location of the opening bracket, "[Source: …]").
     */
    public static String malformedDetail(JacksonException e) {
        String original = e instanceof JsonProcessingException p ? p.getOriginalMessage() : null;
        if (e instanceof JsonEOFException || original != null && original.startsWith("Unexpected end-of-input")) {
            return "the body ends before its JSON is complete";
        }
        if (original == null) return "the body is not valid JSON";
        Matcher duplicate = DUPLICATE.matcher(original);
        if (duplicate.find()) return "duplicate key '" + duplicate.group(1) + "'";
        String cut = original;
        for (String internal : List.of("[Source", "(start marker", "\n")) {
            int at = cut.indexOf(internal);
            if (at >= 0) cut = cut.substring(0, at);
        }
        cut = cut.strip();
        return cut.isEmpty() ? "the body is not valid JSON" : cut;
    }

    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'");

    /** The property path Jackson was at, e.g. {@code sampleRate} or {@code parameters.tenant}. */
    private static String fieldOf(DatabindException e) {
        if (!(e instanceof JsonMappingException m)) return "";
        return m.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String mismatchMessage(JacksonException e) {
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            Class<?> t = m.getTargetType();
            if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return "must be an integer";
            if (t == String.class) return "must be a string";
            if (t == Boolean.class || t == boolean.class) return "must be true or false";
            if (Map.class.isAssignableFrom(t)) return "must be an object of strings";
            if (Collection.class.isAssignableFrom(t)) return "must be an array";
        }
        return "has the wrong type";
    }

    private static String detail(WebApplicationException e, UriInfo uri) {
        return switch (e) {
            case NotFoundException ignored -> "nothing at " + path(uri);
            case NotAllowedException ignored -> "method not allowed on " + path(uri);
            case NotSupportedException ignored -> "the body must be application/json";
            case NotAcceptableException ignored -> "the API answers application/json only";
            default -> Problems.reasonPhrase(e.getResponse().getStatus());
        };
    }

    private static Response serverError(Throwable e, UriInfo uri) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s on %s", id, path(uri));
        return Problems.of(500, "unexpected error; the server log has it under " + id, path(uri)).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
