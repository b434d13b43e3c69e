package io.callbridge.call;

import io.callbridge.audit.Actor;
import io.callbridge.audit.AuditLog;
import io.callbridge.store.RouteEntity;
import io.callbridge.store.RouteRepository;
import io.callbridge.stream.Protocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Creates, reads, replaces and deletes routes. The API's way into the {@code routes} table; calls read it
 * from {@link CallRouting}'s memory, which each change here reaches once committed ({@link RouteChanged}), so
 * it applies to the next call. Each change goes on the audit log in the transaction that makes it.
 */
@ApplicationScoped
public class RouteService {

    /** The unique constraint on {@code routes.number} (V1), hit when two writers race for one number. */
    private static final String NUMBER_UNIQUE = "routes_number_key";

    private final RouteRepository routes;
    private final AuditLog audit;
    private final Event<RouteChanged> changed;

    RouteService(RouteRepository routes, AuditLog audit, Event<RouteChanged> changed) {
        this.routes = routes;
        this.audit = audit;
        this.changed = changed;
    }

    @Transactional
    public List<StoredRoute> list() {
        return routes.listById().stream().map(RouteService::toStored).toList();
    }

    @Transactional
    public StoredRoute get(long id) {
        return toStored(load(id));
    }

    /** The route whose {@code number} is exactly {@code number} (a pattern such as {@code +4930*} as stored). */
    @Transactional
    public Optional<StoredRoute> byNumber(String number) {
        return routes.findByNumber(number).map(RouteService::toStored);
    }

    @Transactional
    public StoredRoute create(Actor actor, RouteSpec spec) {
        if (routes.findByNumber(spec.number()).isPresent()) throw new DuplicateRouteException(spec.number());
        RouteEntity r = new RouteEntity();
        apply(spec, r);
        routes.persist(r);
        flush(spec.number());
        // created_at and updated_at are the database's defaults; read them back.
        routes.getEntityManager().refresh(r);
        StoredRoute created = toStored(r);
        audit.record(actor, AuditLog.ROUTE_CREATE, String.valueOf(created.id()), null, audited(created.spec()));
        changed.fire(new RouteChanged(r.id, CallRouting.toRoute(r)));
        return created;
    }

    @Transactional
    public StoredRoute replace(Actor actor, long id, RouteSpec spec) {
        RouteEntity r = load(id);
        RouteSpec before = toStored(r).spec();
        routes.findByNumber(spec.number())
                .filter(other -> !other.id.equals(r.id))
                .ifPresent(other -> {
                    throw new DuplicateRouteException(spec.number());
                });
        apply(spec, r);
        r.updatedAt = OffsetDateTime.now();
        flush(spec.number());
        StoredRoute replaced = toStored(r);
        audit.record(actor, AuditLog.ROUTE_REPLACE, String.valueOf(id), audited(before), audited(replaced.spec()));
        changed.fire(new RouteChanged(id, CallRouting.toRoute(r)));
        return replaced;
    }

    @Transactional
    public void delete(Actor actor, long id) {
        RouteEntity r = load(id);
        RouteSpec before = toStored(r).spec();
        routes.delete(r);
        audit.record(actor, AuditLog.ROUTE_DELETE, String.valueOf(id), audited(before), null);
        changed.fire(new RouteChanged(id, null));
    }

    private RouteEntity load(long id) {
        RouteEntity r = routes.findById(id);
        if (r == null) throw new RouteNotFoundException(id);
        return r;
    }

    /** Flushes now, so a number taken by a concurrent writer surfaces as a conflict, not a failed commit. */
    private void flush(String number) {
        try {
            routes.flush();
        } catch (PersistenceException e) {
            if (violates(e, NUMBER_UNIQUE)) throw new DuplicateRouteException(number);
            throw e;
        }
    }

    /** Hibernate may hand the violation over as is or wrapped, depending on where it surfaced. */
    private static boolean violates(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException v && constraint.equals(v.getConstraintName())) return true;
        }
        return false;
    }

    private static void apply(RouteSpec spec, RouteEntity r) {
        r.number = spec.number();
        r.description = spec.description();
        r.url = spec.url();
        r.protocol = spec.protocol().code();
        r.sampleRate = spec.sampleRate();
        r.parameters = new HashMap<>(spec.parameters());
        r.maxConcurrentCalls = spec.maxConcurrentCalls();
        r.onAgentFailure = spec.onAgentFailure();
        r.record = spec.record();
        r.recordAnnouncement = spec.recordAnnouncement();
        r.mohClass = spec.mohClass();
        r.holdEvents = spec.holdEvents();
        r.overflowQueue = spec.overflowQueue();
        RouteFlow flow = spec.flow();
        r.twiml = flow == null ? null : flow.twiml();
        r.voiceUrl = flow == null || flow.voiceUrl() == null ? null : flow.voiceUrl().toString();
        r.voiceMethod = flow == null || flow.voiceMethod() == null ? "POST" : flow.voiceMethod();
        r.voiceFallbackUrl = flow == null || flow.voiceFallbackUrl() == null ? null : flow.voiceFallbackUrl().toString();
        r.voiceFallbackMethod = flow == null || flow.voiceFallbackMethod() == null ? "POST" : flow.voiceFallbackMethod();
        r.voiceTimeoutSeconds = flow == null || flow.timeout() == null ? null : (int) flow.timeout().toSeconds();
    }

    /** A route in the audit log: its fields as the API names and shows them (the id is the entry's target). */
    private static Map<String, Object> audited(RouteSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", s.number());
        m.put("description", s.description());
        m.put("url", s.url());
        m.put("protocol", s.protocol().code());
        m.put("sampleRate", s.sampleRate());
        m.put("parameters", s.parameters());
        m.put("maxConcurrentCalls", s.maxConcurrentCalls());
        m.put("onAgentFailure", s.onAgentFailure());
        m.put("record", s.record());
        m.put("recordAnnouncement", s.recordAnnouncement());
        m.put("mohClass", s.mohClass());
        m.put("holdEvents", s.holdEvents());
        if (s.overflowQueue() != null) m.put("overflowQueue", s.overflowQueue());
        RouteFlow flow = s.flow();
        if (flow != null) { // a stored document is audited by its size: it may be long
            m.put("twiml", flow.twiml() == null ? null : flow.twiml().length() + " characters");
            m.put("voiceUrl", flow.voiceUrl() == null ? null : flow.voiceUrl().toString());
            m.put("voiceMethod", flow.voiceMethod());
            m.put("voiceFallbackUrl", flow.voiceFallbackUrl() == null ? null : flow.voiceFallbackUrl().toString());
            m.put("voiceFallbackMethod", flow.voiceFallbackMethod());
            m.put("voiceTimeout", flow.timeout() == null ? null : flow.timeout().toSeconds());
        }
        return m;
    }

    private static StoredRoute toStored(RouteEntity r) {
        // Sorted, so the API lists parameters in a stable order (jsonb keeps its own).
        var parameters = Collections.unmodifiableMap(new TreeMap<>(r.parameters));
        RouteSpec spec = new RouteSpec(r.number, r.description, r.url, Protocol.fromCode(r.protocol), r.sampleRate,
                parameters, r.maxConcurrentCalls, r.onAgentFailure, r.record, r.recordAnnouncement, r.mohClass,
                r.holdEvents, CallRouting.flowOf(r), r.overflowQueue);
        return new StoredRoute(r.id, spec, r.createdAt, r.updatedAt);
    }
}
