package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.call.AgentRoute;
import io.callbridge.call.RouteFlow;
import io.callbridge.call.RouteMatcher;
import io.callbridge.call.RouteSpec;
import io.callbridge.flow.TwimlException;
import io.callbridge.flow.TwimlParser;
import io.callbridge.moh.MohClassName;
import io.callbridge.stream.Protocol;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@link RouteRequest} and applies the defaults. Reports every invalid field at once, so a client
 * fixes its request in one round trip. Limits follow the {@code routes} columns (V1, V2).
 */
final class RouteValidator {

    static final int MAX_DESCRIPTION = 255;
    static final int MAX_URL = 2048;
    static final int MAX_ON_AGENT_FAILURE = 255;
    static final int MAX_PARAMETERS = 50;
    static final int MAX_PARAMETER_KEY = 64;
    static final int MAX_PARAMETER_VALUE = 1024;

    static final int TWILIO_RATE = 8000;
    static final int RAW_DEFAULT_RATE = 16000;
    static final Set<Integer> RAW_RATES = Set.of(8000, 16000, 24000);


    private RouteValidator() {
    }

    static RouteSpec validate(RouteRequest r) {
        if (r == null) throw new InvalidRequestException("a JSON object describing the route is required", List.of());
        List<FieldError> errors = new ArrayList<>();

        if (r.number() == null) {
            errors.add(new FieldError("number", "is required"));
        } else if (!RouteMatcher.isValidPattern(r.number())) {
            errors.add(new FieldError("number", "must be an exact number or extension (+4930123, 1000), "
                    + "a prefix ending in * (+4930*), or * alone"));
        }
        if (r.description() != null && r.description().length() > MAX_DESCRIPTION) {
            errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        RouteFlow flow = flow(r, errors);
        if (flow == null) {
            checkUrl(r.url(), errors);
        } else if (r.url() != null) {
            errors.add(new FieldError("url", "must be absent for a route that runs TwiML (twiml or voiceUrl)"));
        }
        Protocol protocol = protocol(r.protocol(), errors);
        int sampleRate = sampleRate(protocol, r.sampleRate(), errors);
        Map<String, String> parameters = parameters(r.parameters(), errors);
        if (r.maxConcurrentCalls() != null && r.maxConcurrentCalls() < 1) {
            errors.add(new FieldError("maxConcurrentCalls", "must be a positive integer, or null for no limit"));
        }
        String onAgentFailure = r.onAgentFailure() == null ? AgentRoute.HANGUP : r.onAgentFailure();
        if (!validFailover(onAgentFailure)) {
            errors.add(new FieldError("onAgentFailure",
                    "must be hangup, a number (+4930123, 1000) or a SIP URI (sip:… or sips:…)"));
        }

        String announcement = r.recordAnnouncement();
        if (announcement != null && !announcement.matches("[A-Za-z0-9_./-]{1,200}")) {
            errors.add(new FieldError("recordAnnouncement", "must be an Asterisk sound name (letters, digits, _ . / -), "
                    + "at most 200 characters"));
        }
        if (r.mohClass() != null && !MohClassName.isValid(r.mohClass())) {
            errors.add(new FieldError("mohClass", "must be 1-64 letters, digits, _ or -"));
        }

        String overflow = r.overflowQueue();
        if (overflow != null) {
            if (overflow.isBlank() || overflow.length() > MAX_QUEUE_NAME || overflow.chars().anyMatch(Character::isISOControl)) {
                errors.add(new FieldError("overflowQueue", "must be a queue name of 1 to " + MAX_QUEUE_NAME
                        + " characters"));
            } else if (r.maxConcurrentCalls() == null) {
                errors.add(new FieldError("overflowQueue", "needs maxConcurrentCalls"));
            } else if (flow != null) {
                errors.add(new FieldError("overflowQueue", "needs a route to an agent (url), not a TwiML flow: a flow "
                        + "queues its callers with <Enqueue>"));
            }
        }

        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        return new RouteSpec(r.number(), r.description(), r.url(), protocol, sampleRate, parameters,
                r.maxConcurrentCalls(), onAgentFailure, Boolean.TRUE.equals(r.record()), announcement,
                r.mohClass(), Boolean.TRUE.equals(r.holdEvents()), flow, overflow);
    }

    static final int MAX_VOICE_TIMEOUT = 60;

    /** Twilio's limit on a queue's friendly name, as {@code <Enqueue>} takes it. */
    static final int MAX_QUEUE_NAME = 64;

    /**
     * The route's TwiML flow: its stored document (parsed here, so a document that cannot run is refused with the
     * parser's message) or its voice URL; null for a route to an agent.
     */
    static RouteFlow flow(RouteRequest r, List<FieldError> errors) {
        boolean voice = r.voiceUrl() != null;
        if (r.twiml() == null && !voice) {
            if (r.voiceFallbackUrl() != null) errors.add(new FieldError("voiceFallbackUrl", "needs a voiceUrl"));
            return null;
        }
        if (r.twiml() != null && voice) {
            errors.add(new FieldError("twiml", "must be absent when the route has a voiceUrl"));
        }
        if (r.twiml() != null) {
            try {
                TwimlParser.parse(r.twiml());
            } catch (TwimlException e) {
                errors.add(new FieldError("twiml", e.getMessage()));
            }
            if (r.voiceFallbackUrl() != null) errors.add(new FieldError("voiceFallbackUrl", "needs a voiceUrl"));
        }
        URI url = voice ? httpUrl("voiceUrl", r.voiceUrl(), errors) : null;
        URI fallback = r.voiceFallbackUrl() == null || !voice ? null : httpUrl("voiceFallbackUrl", r.voiceFallbackUrl(), errors);
        String method = httpMethod("voiceMethod", r.voiceMethod(), errors);
        String fallbackMethod = httpMethod("voiceFallbackMethod", r.voiceFallbackMethod(), errors);
        Integer timeout = r.voiceTimeout();
        if (timeout != null && (timeout < 1 || timeout > MAX_VOICE_TIMEOUT)) {
            errors.add(new FieldError("voiceTimeout", "must be from 1 to " + MAX_VOICE_TIMEOUT + " seconds"));
        }
        return new RouteFlow(voice ? null : r.twiml(), url, method, fallback, fallbackMethod,
                timeout == null ? null : Duration.ofSeconds(timeout));
    }

    /** An http or https URL with a host, at most {@link #MAX_URL} characters; null (and an error) otherwise. */
    static URI httpUrl(String field, String url, List<FieldError> errors) {
        if (url.length() > MAX_URL) {
            errors.add(new FieldError(field, "must be at most " + MAX_URL + " characters"));
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                errors.add(new FieldError(field, "must be an http:// or https:// URL with a host"));
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            errors.add(new FieldError(field, "is not a valid URL: " + e.getReason()));
            return null;
        }
    }

    /** {@code GET} or {@code POST} (either case), POST when absent: how Twilio's *Method attributes read. */
    static String httpMethod(String field, String method, List<FieldError> errors) {
        if (method == null) return "POST";
        String upper = method.toUpperCase(java.util.Locale.ROOT);
        if (upper.equals("GET") || upper.equals("POST")) return upper;
        errors.add(new FieldError(field, "must be GET or POST"));
        return "POST";
    }

    static void checkUrl(String url, List<FieldError> errors) {
        if (url == null || url.isBlank()) {
            errors.add(new FieldError("url", "is required: the agent's ws:// or wss:// URL"));
            return;
        }
        if (url.length() > MAX_URL) {
            errors.add(new FieldError("url", "must be at most " + MAX_URL + " characters"));
            return;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            errors.add(new FieldError("url", "is not a valid URL: " + e.getReason()));
            return;
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
            errors.add(new FieldError("url", "must be a ws:// or wss:// URL"));
        } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
            errors.add(new FieldError("url", "must name a host"));
        } else if (uri.getRawFragment() != null) {
            // RFC 6455 §3: fragment identifiers are meaningless in WebSocket URIs.
            errors.add(new FieldError("url", "must not have a fragment (#…)"));
        }
    }

    static Protocol protocol(String code, List<FieldError> errors) {
        if (code == null) return Protocol.TWILIO;
        for (Protocol p : Protocol.values()) {
            if (p.code().equals(code)) return p;
        }
        errors.add(new FieldError("protocol", "must be twilio or raw"));
        return null;
    }

    /** Twilio Media Streams are mu-law at 8 kHz only; raw PCM may be narrow-, wide- or super-wideband. */
    static int sampleRate(Protocol protocol, Integer requested, List<FieldError> errors) {
        if (protocol == Protocol.TWILIO) {
            if (requested != null && requested != TWILIO_RATE) {
                errors.add(new FieldError("sampleRate", "must be 8000 for protocol twilio (mu-law 8 kHz)"));
            }
            return TWILIO_RATE;
        }
        if (requested == null) return RAW_DEFAULT_RATE;
        if (!RAW_RATES.contains(requested)) {
            errors.add(new FieldError("sampleRate", "must be 8000, 16000 or 24000"));
        }
        return requested;
    }

    static Map<String, String> parameters(Map<String, String> given, List<FieldError> errors) {
        if (given == null) return Map.of();
        if (given.size() > MAX_PARAMETERS) {
            errors.add(new FieldError("parameters", "must have at most " + MAX_PARAMETERS + " entries"));
            return Map.of();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        given.forEach((key, value) -> {
            if (key.isBlank() || key.length() > MAX_PARAMETER_KEY) {
                errors.add(new FieldError("parameters", "keys must be 1 to " + MAX_PARAMETER_KEY + " characters"));
            } else if (AgentRoute.RESERVED_PARAMETERS.contains(key)) {
                errors.add(new FieldError("parameters." + key, "is reserved: Callbridge sets "
                        + String.join(", ", AgentRoute.RESERVED_PARAMETERS.stream().sorted().toList())
                        + " on the agent's stream"));
            } else if (value == null) {
                errors.add(new FieldError("parameters." + key, "must be a string, not null"));
            } else if (value.length() > MAX_PARAMETER_VALUE) {
                errors.add(new FieldError("parameters." + key, "must be at most " + MAX_PARAMETER_VALUE + " characters"));
            } else {
                parameters.put(key, value);
            }
        });
        return parameters;
    }

    private static boolean validFailover(String target) {
        if (target.length() > MAX_ON_AGENT_FAILURE) return false;
        return target.equals(AgentRoute.HANGUP) || Destinations.isDialable(target);
    }
}
