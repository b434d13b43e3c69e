package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.call.AgentRoute;
import io.callbridge.call.OutboundFlow;
import io.callbridge.call.StatusCallback;
import io.callbridge.config.HttpUrls;
import io.callbridge.stream.Protocol;
import io.callbridge.trunk.Trunk;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Checks an {@link InitiateRequest}, every invalid field at once, and turns it into the call to place. */
final class InitiateValidator {

    static final int MIN_TIMEOUT = 1;
    static final int MAX_TIMEOUT = 600;
    static final int MAX_CALLBACK_URL = 2048;
    static final int MAX_TRUNK = 64;

    private InitiateValidator() {
    }

    /**
     * {@code routes} finds a configured route by its number, {@code trunks} a trunk by its id or name; null to check
     * the fields alone, without them.
     */
    static OutboundFlow.Request validate(InitiateRequest r, Function<String, Optional<AgentRoute>> routes,
                                         Function<String, Optional<Trunk>> trunks) {
        if (r == null) throw new InvalidRequestException("a JSON object describing the call is required", List.of());
        List<FieldError> errors = new ArrayList<>();
        if (r.to() == null) {
            errors.add(new FieldError("to", "is required"));
        } else if (!Destinations.isE164(r.to()) && !Destinations.isSipUri(r.to())) {
            errors.add(new FieldError("to", "must be an E.164 number (+14155550100) or a SIP URI (sip:user@host)"));
        }
        if (r.from() == null) {
            errors.add(new FieldError("from", "is required: the caller id the called party sees"));
        } else if (!Destinations.isE164(r.from())) {
            errors.add(new FieldError("from", "must be an E.164 number (+14155550100)"));
        }
        AgentRoute route = agent(r, routes, errors);
        if (r.timeoutSeconds() != null && (r.timeoutSeconds() < MIN_TIMEOUT || r.timeoutSeconds() > MAX_TIMEOUT)) {
            errors.add(new FieldError("timeoutSeconds", "must be " + MIN_TIMEOUT + " to " + MAX_TIMEOUT));
        }
        StatusCallback callback = statusCallback(r, errors);
        if (r.recordingStatusCallback() != null && !io.callbridge.config.HttpUrls.isValid(r.recordingStatusCallback(), 2048)) {
            errors.add(new FieldError("recordingStatusCallback", "must be an http:// or https:// URL with a host"));
        } else if (r.recordingStatusCallback() != null && !Boolean.TRUE.equals(r.record())) {
            errors.add(new FieldError("recordingStatusCallback", "needs record: true"));
        }
        Long trunk = trunk(r, trunks, errors);
        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        return new OutboundFlow.Request(r.to(), r.from(), route, r.timeoutSeconds(), callback, trunk);
    }

    /** The id of the enabled trunk {@code trunk} names, or null when it names none (errors added) or is absent. */
    private static Long trunk(InitiateRequest r, Function<String, Optional<Trunk>> trunks, List<FieldError> errors) {
        if (r.trunk() == null) return null;
        if (r.trunk().isBlank() || r.trunk().length() > MAX_TRUNK) {
            errors.add(new FieldError("trunk", "is a trunk's id or name (1-" + MAX_TRUNK + " characters)"));
            return null;
        }
        if (r.to() != null && Destinations.isSipUri(r.to())) {
            // A SIP URI goes to its own host; one at a trunk's gateway already leaves through that trunk alone.
            errors.add(new FieldError("trunk", "applies to calls to a number, not to a SIP URI"));
            return null;
        }
        if (trunks == null) return null;
        Optional<Trunk> found = trunks.apply(r.trunk());
        if (found.isEmpty()) {
            errors.add(new FieldError("trunk", "no trunk has id or name " + r.trunk()));
            return null;
        }
        if (!found.get().enabled()) {
            errors.add(new FieldError("trunk", "trunk " + found.get().name() + " (" + found.get().id() + ") is disabled"));
            return null;
        }
        return found.get().id();
    }

    private static AgentRoute agent(InitiateRequest r, Function<String, Optional<AgentRoute>> routes,
                                    List<FieldError> errors) {
        if ((r.route() == null) == (r.agent() == null)) {
            errors.add(new FieldError("route", "give either route (a configured route's number) or agent, not both"));
            return null;
        }
        if (r.route() != null) {
            if (routes == null) return null;
            Optional<AgentRoute> found = routes.apply(r.route());
            if (found.isEmpty()) errors.add(new FieldError("route", "no route has number " + r.route()));
            return found.orElse(null);
        }
        InitiateRequest.Agent a = r.agent();
        List<FieldError> agentErrors = new ArrayList<>();
        RouteValidator.checkUrl(a.url(), agentErrors);
        Protocol protocol = RouteValidator.protocol(a.protocol(), agentErrors);
        int sampleRate = RouteValidator.sampleRate(protocol, a.sampleRate(), agentErrors);
        Map<String, String> parameters = RouteValidator.parameters(a.parameters(), agentErrors);
        agentErrors.forEach(e -> errors.add(new FieldError("agent." + e.field(), e.message())));
        if (!agentErrors.isEmpty()) return null;
        // Not a stored route: id 0 matches no route's calls, and it has no call limit.
        return new AgentRoute(0, null, URI.create(a.url()), protocol, sampleRate, parameters, null, AgentRoute.HANGUP);
    }

    private static StatusCallback statusCallback(InitiateRequest r, List<FieldError> errors) {
        if (r.statusCallback() == null) {
            if (r.statusCallbackEvent() != null) {
                errors.add(new FieldError("statusCallbackEvent", "needs statusCallback"));
            }
            if (r.statusCallbackMethod() != null) {
                errors.add(new FieldError("statusCallbackMethod", "needs statusCallback"));
            }
            return null;
        }
        if (!HttpUrls.isValid(r.statusCallback(), MAX_CALLBACK_URL)) {
            errors.add(new FieldError("statusCallback", "must be an http:// or https:// URL of at most "
                    + MAX_CALLBACK_URL + " characters"));
        }
        Set<String> events = new LinkedHashSet<>();
        if (r.statusCallbackEvent() == null || r.statusCallbackEvent().isEmpty()) {
            events.add("completed");
        } else {
            for (String e : r.statusCallbackEvent()) {
                if (e == null || !StatusCallback.EVENTS.contains(e)) {
                    errors.add(new FieldError("statusCallbackEvent", "each must be one of " + StatusCallback.EVENTS));
                    break;
                }
                events.add(e);
            }
        }
        String method = RouteValidator.httpMethod("statusCallbackMethod", r.statusCallbackMethod(), errors);
        return new StatusCallback(r.statusCallback(), events, method);
    }
}
