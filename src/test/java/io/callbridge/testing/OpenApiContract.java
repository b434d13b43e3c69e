package io.callbridge.testing;

import static io.restassured.RestAssured.given;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Holds the API tests to the OpenAPI document the app serves ({@code /q/openapi}), so the document cannot
 * drift from what the API does: every answer of {@code /api} must fit the document (status, content type,
 * body schema: required fields, types, enums, bounds), and so must every request the app accepted (status
 * below 400). A request the app refused is not held to it: the tests send invalid requests on purpose, and
 * the document's job is to describe valid ones. Requests to paths or methods the document does not have
 * (the tests of 404 and 405) are left alone. Uses Atlassian's swagger-request-validator; installed on
 * every request {@link Api#api()} builds.
 */
public final class OpenApiContract implements OrderedFilter {

    public static final OpenApiContract FILTER = new OpenApiContract();

    /** The document of each app the tests ran against (by port: the test profiles share one). */
    private static final ConcurrentMap<Integer, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();

    private OpenApiContract() {
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                           FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        String path = URI.create(request.getURI()).getRawPath();
        if (!path.startsWith("/api/")) return response;
        OpenApiInteractionValidator validator = VALIDATORS.computeIfAbsent(request.getPort(), OpenApiContract::load);
        // The API reads an empty query value as none (docs/api.md); the validator would call it missing. The
        // request is sent already: this changes only what is checked.
        java.util.List.copyOf(request.getQueryParams().entrySet()).stream()
                .filter(p -> p.getValue() == null || String.valueOf(p.getValue()).isEmpty())
                .forEach(p -> request.removeQueryParam(p.getKey()));
        var req = RestAssuredRequest.of(request);
        var res = RestAssuredResponse.of(response);
        ValidationReport report = response.statusCode() < 400
                ? validator.validate(req, res)
                : validator.validateResponse(path, req.getMethod(), res);
        if (report.hasErrors()) {
            throw new AssertionError(request.getMethod() + " " + path + " -> " + response.statusCode()
                    + " does not fit /q/openapi:\n" + SimpleValidationReportFormat.getInstance().apply(report)
                    + "\nbody: " + response.asString());
        }
        return response;
    }

    /** Before the tests' own filters (none), so the check sees the answer as the app sent it. */
    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    private static OpenApiInteractionValidator load(int port) {
        String document = given().port(port).accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        return OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withLevelResolver(LevelResolver.create()
                        // 404 and 405 tests: paths and methods the document rightly does not have
                        .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }
}
