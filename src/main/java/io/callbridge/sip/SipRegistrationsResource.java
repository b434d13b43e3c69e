package io.callbridge.sip;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/** Live registrations of SIP users. Thin: {@link SipRegistrations}. */
@Path("/api/sip/registrations")
@Produces(MediaType.APPLICATION_JSON)
public class SipRegistrationsResource {

    private final SipRegistrations registrations;

    SipRegistrationsResource(SipRegistrations registrations) {
        this.registrations = registrations;
    }

    @GET
    @Operation(summary = "List live registrations", description = "Every unexpired registered contact, with its user "
            + "agent, expiry and the address the REGISTER came from; filtered by user and domain when given.")
    public List<SipRegistrations.Registration> list(
            @Parameter(description = "Only this user's contacts (the user part, e.g. alice)") @RestQuery String user,
            @Parameter(description = "Only contacts in this domain") @RestQuery String domain) {
        return registrations.list(user, domain);
    }
}
