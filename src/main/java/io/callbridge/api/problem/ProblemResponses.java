package io.callbridge.api.problem;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds to every {@code /api} operation of the OpenAPI document its error answers: any 4xx or 5xx is a
 * {@code Problem} (META-INF/openapi.yaml) in {@code application/problem+json}, so generated clients and
 * Swagger UI know the shape without each resource saying so.
 */
public class ProblemResponses implements OASFilter {

    private static final String PROBLEM = "#/components/schemas/Problem";

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        // An error answer declared without a body (Quarkus declares 400 for operations that read one): a problem.
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.matches("[45][0-9][0-9]") && response.getContent() == null) response.content(problemContent());
        });
        if (!responses.hasAPIResponse("default")) {
            responses.addAPIResponse("default", OASFactory.createAPIResponse()
                    .description("An error: RFC 9457 problem (400 invalid input, 401 no or wrong key, 404, 409, "
                            + "413 body too large, 415, 429 rate limited, 500, 503)")
                    .content(problemContent()));
        }
        return operation;
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problems.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)));
    }
}
