package io.callbridge.trunk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.callbridge.api.CheckedBody;
import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import io.callbridge.sip.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/trunks} and {@code PUT /api/trunks/{id}}: every field of a trunk (a PUT
 * replaces the trunk), with its gateways and DIDs. Left out: the defaults of table {@code trunk}. The password
 * is write-only; on PUT, left out keeps the current one (an empty string removes it). A trunk read with GET can
 * be sent back: its read-only fields are ignored.
 */
@JsonIgnoreProperties({"id", "authPasswordSet", "createdAt", "updatedAt", "status"})
@Schema(description = "A trunk to create or replace (docs/carriers.md)")
public record TrunkRequest(
        @Schema(required = true, maxLength = 64, example = "carrier-a", description = "Unique; letters, digits, . _ -")
        String name,
        @Schema(defaultValue = "true") Boolean enabled,
        @Schema(description = "IPv4/IPv6 addresses or CIDR networks the carrier's calls come from",
                example = "[\"203.0.113.0/28\"]") List<String> inboundSources,
        @Schema(nullable = true, example = "49", description = "E.164 country code (1-3 digits) for national numbers")
        String countryCode,
        @Schema(nullable = true, example = "0", description = "Trunk prefix of national numbers (digits)")
        String nationalPrefix,
        @Schema(nullable = true, maxLength = 64) String authUsername,
        @Schema(nullable = true, maxLength = 64, writeOnly = true) String authPassword,
        @Schema(nullable = true, maxLength = 64, description = "null: any realm") String authRealm,
        @Schema(defaultValue = "false", description = "Register to the first gateway (needs authUsername)") Boolean register,
        @Schema(defaultValue = "3600", description = "60-86400 seconds") Integer registerExpires,
        @Schema(defaultValue = "0", description = "0-20") Integer stripDigits,
        @Schema(defaultValue = "", description = "+, digits, * or #") String addPrefix,
        @Schema(enumeration = {"pass", "fixed", "e164", "national"}, defaultValue = "pass") String callerIdPolicy,
        @Schema(nullable = true, description = "The caller id when callerIdPolicy is fixed") String callerId,
        @Schema(description = "Empty: Asterisk's defaults", example = "[\"ulaw\", \"alaw\"]") List<String> codecs,
        @Schema(nullable = true, minimum = "1") Integer maxConcurrentCalls,
        @Schema(nullable = true, minimum = "1") Integer maxCallsPerSecond,
        @Schema(description = "Extra SIP headers on outbound INVITEs (name -> value)") Map<String, String> headers,
        @Schema(nullable = true, description = "Request-URI user override for outbound calls") String requestUser,
        List<TrunkGateway> gateways,
        @Schema(description = "E.164 numbers and ranges", example = "[\"+4930123456\", \"+4930123400-+4930123499\"]")
        List<String> dids) implements CheckedBody {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,6}");
    private static final Pattern COUNTRY = Pattern.compile("[1-9][0-9]{0,2}");
    private static final Pattern PREFIX = Pattern.compile("[+0-9*#]{0,16}");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,20}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62}\\.?)*|[0-9A-Fa-f:.]{2,45}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+-]{0,64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}");
    private static final Pattern CODEC = Pattern.compile("[a-z0-9_]{2,16}");
    private static final Set<String> POLICIES = Set.of("pass", "fixed", "e164", "national");
    private static final Set<String> TRANSPORTS = Set.of("udp", "tcp", "tls");
    /** Headers the edge and the media nodes own; a trunk may not set them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("via", "from", "to", "call-id", "cseq", "contact",
            "route", "record-route", "max-forwards", "content-length", "content-type", "authorization",
            "proxy-authorization");

    @Override
    public List<FieldError> fieldErrors() {
        return CheckedBody.errorsOf(this::validated);
    }

    /**
     * This request checked, with defaults filled in, networks in canonical form and DIDs parsed.
     *
     * @throws InvalidRequestException naming every invalid field
     */
    public TrunkRequest validated() {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) errors.add(new FieldError("name", "is required: 1-64 letters, digits, . _ -"));
        List<String> sources = new ArrayList<>();
        List<String> in = inboundSources == null ? List.of() : inboundSources;
        for (int i = 0; i < in.size(); i++) {
            try {
                sources.add(Cidr.parse(in.get(i)).toString());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("inboundSources[" + i + "]", e.getMessage()));
            }
        }
        if (countryCode != null && !COUNTRY.matcher(countryCode).matches()) errors.add(new FieldError("countryCode", "is 1-3 digits, not starting with 0"));
        if (nationalPrefix != null && !DIGITS.matcher(nationalPrefix).matches()) errors.add(new FieldError("nationalPrefix", "is 1-6 digits"));
        if (nationalPrefix != null && countryCode == null) errors.add(new FieldError("nationalPrefix", "needs countryCode"));
        check(errors, "authUsername", authUsername);
        if (authPassword != null && (authPassword.length() > 64 || authPassword.chars().anyMatch(Character::isISOControl))) {
            errors.add(new FieldError("authPassword", "is at most 64 printable characters"));
        }
        check(errors, "authRealm", authRealm);
        boolean registers = Boolean.TRUE.equals(register);
        if (registers && (authUsername == null || authUsername.isEmpty())) errors.add(new FieldError("register", "needs authUsername"));
        int expires = registerExpires == null ? 3600 : registerExpires;
        if (expires < 60 || expires > 86400) errors.add(new FieldError("registerExpires", "is 60-86400 seconds"));
        int strip = stripDigits == null ? 0 : stripDigits;
        if (strip < 0 || strip > 20) errors.add(new FieldError("stripDigits", "is 0-20"));
        String prefix = addPrefix == null ? "" : addPrefix;
        if (!PREFIX.matcher(prefix).matches()) errors.add(new FieldError("addPrefix", "is up to 16 of + 0-9 * #"));
        String policy = callerIdPolicy == null ? "pass" : callerIdPolicy;
        if (!POLICIES.contains(policy)) errors.add(new FieldError("callerIdPolicy", "is one of pass, fixed, e164, national"));
        if (callerId != null && !NUMBER.matcher(callerId).matches()) errors.add(new FieldError("callerId", "is a number (+ and up to 20 digits)"));
        if ("fixed".equals(policy) && callerId == null) errors.add(new FieldError("callerId", "is required when callerIdPolicy is fixed"));
        if (("e164".equals(policy) || "national".equals(policy)) && countryCode == null) {
            errors.add(new FieldError("callerIdPolicy", policy + " needs countryCode"));
        }
        List<String> codecList = codecs == null ? List.of() : codecs;
        for (int i = 0; i < codecList.size(); i++) {
            if (codecList.get(i) == null || !CODEC.matcher(codecList.get(i)).matches()) {
                errors.add(new FieldError("codecs[" + i + "]", "is a codec name as Asterisk spells it (ulaw, alaw, g722, opus)"));
            }
        }
        if (maxConcurrentCalls != null && maxConcurrentCalls < 1) errors.add(new FieldError("maxConcurrentCalls", "is at least 1 (null: no limit)"));
        if (maxCallsPerSecond != null && maxCallsPerSecond < 1) errors.add(new FieldError("maxCallsPerSecond", "is at least 1 (null: no limit)"));
        Map<String, String> headerMap = new LinkedHashMap<>();
        if (headers != null) headers.forEach((k, v) -> {
            if (k == null || !HEADER_NAME.matcher(k).matches() || RESERVED_HEADERS.contains(k.toLowerCase())) {
                errors.add(new FieldError("headers." + k, "is not a header name a trunk may set"));
            } else if (v == null || v.length() > 256 || v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                errors.add(new FieldError("headers." + k, "is 0-256 printable characters"));
            } else {
                headerMap.put(k, v);
            }
        });
        check(errors, "requestUser", requestUser);
        List<TrunkGateway> gws = new ArrayList<>();
        List<TrunkGateway> gwIn = gateways == null ? List.of() : gateways;
        for (int i = 0; i < gwIn.size(); i++) {
            TrunkGateway g = gwIn.get(i);
            String at = "gateways[" + i + "]";
            if (g == null) {
                errors.add(new FieldError(at, "is required"));
                continue;
            }
            if (g.host() == null || g.host().length() > 253 || !HOST.matcher(g.host()).matches()) {
                errors.add(new FieldError(at + ".host", "is an IP address or a DNS name"));
            }
            int port = g.port() == null ? 5060 : g.port();
            if (port < 1 || port > 65535) errors.add(new FieldError(at + ".port", "is 1-65535"));
            String transport = g.transport() == null ? "udp" : g.transport();
            if (!TRANSPORTS.contains(transport)) errors.add(new FieldError(at + ".transport", "is udp, tcp or tls"));
            int priority = g.priority() == null ? 0 : g.priority();
            if (priority < 0 || priority > 999) errors.add(new FieldError(at + ".priority", "is 0-999"));
            int weight = g.weight() == null ? 1 : g.weight();
            if (weight < 1 || weight > 100) errors.add(new FieldError(at + ".weight", "is 1-100"));
            gws.add(new TrunkGateway(null, g.host(), port, transport, priority, weight, Boolean.TRUE.equals(g.srtp())));
        }
        if (registers && gws.isEmpty()) errors.add(new FieldError("gateways", "needs a gateway to register to"));
        List<String> didList = new ArrayList<>();
        List<String> didIn = dids == null ? List.of() : dids;
        for (int i = 0; i < didIn.size(); i++) {
            try {
                didList.add(TrunkDid.parse(didIn.get(i)).toString());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("dids[" + i + "]", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) throw InvalidRequestException.of("field", errors);
        return new TrunkRequest(name, enabled == null || enabled, List.copyOf(sources), countryCode, nationalPrefix,
                authUsername, authPassword, authRealm, registers, expires, strip, prefix, policy, callerId,
                List.copyOf(codecList), maxConcurrentCalls, maxCallsPerSecond, headerMap, requestUser, List.copyOf(gws),
                List.copyOf(didList));
    }

    private static void check(List<FieldError> errors, String field, String value) {
        if (value != null && !TOKEN.matcher(value).matches()) errors.add(new FieldError(field, "is up to 64 of letters, digits, . _ ~ + -"));
    }
}
