package io.callbridge.trunk;

import io.callbridge.api.problem.ProblemException;
import io.callbridge.audit.Actor;
import io.callbridge.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * Creating, replacing and deleting trunks: each change, its audit entry and the rewritten Kamailio rows
 * ({@link TrunkSync#write()}) commit together; the resource then has Kamailio reload them ({@link TrunkSync#reload}).
 */
@ApplicationScoped
public class Trunks {

    /** Audit actions. */
    public static final String CREATE = "trunk.create";
    public static final String REPLACE = "trunk.replace";
    public static final String DELETE = "trunk.delete";

    private final TrunkStore store;
    private final TrunkSync sync;
    private final AuditLog audit;

    Trunks(TrunkStore store, TrunkSync sync, AuditLog audit) {
        this.store = store;
        this.sync = sync;
        this.audit = audit;
    }

    /** Every trunk, by id. */
    @Transactional
    public List<Trunk> list() {
        return store.list().stream().map(TrunkStore.Stored::trunk).toList();
    }

    /** The trunk with {@code id}, or empty. */
    @Transactional
    public Optional<Trunk> find(long id) {
        return store.find(id).map(TrunkStore.Stored::trunk);
    }

    /**
     * The trunk a request names by id ({@code "3"}) or by name ({@code "carrier-b"}): a number is tried as an id
     * first, then as a name; empty when neither finds one.
     */
    @Transactional
    public Optional<Trunk> findByIdOrName(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) return Optional.empty();
        String key = idOrName.strip();
        Optional<TrunkStore.Stored> found = Optional.empty();
        if (key.matches("[0-9]{1,18}")) found = store.find(Long.parseLong(key));
        if (found.isEmpty()) found = store.findByName(key);
        return found.map(TrunkStore.Stored::trunk);
    }

    /**
     * Stores a new trunk.
     *
     * @throws io.callbridge.api.problem.InvalidRequestException naming every invalid field
     * @throws ProblemException 409 when the name is taken
     */
    @Transactional
    public Trunk create(Actor actor, TrunkRequest request) {
        TrunkRequest valid = request.validated();
        long id;
        try {
            id = store.insert(valid);
        } catch (TrunkStore.DuplicateName e) {
            throw new ProblemException(409, e.getMessage());
        }
        Trunk created = store.find(id).orElseThrow().trunk();
        sync.write();
        audit.record(actor, CREATE, "trunk/" + id, null, created);
        return created;
    }

    /**
     * Replaces trunk {@code id}.
     *
     * @throws ProblemException 404 when there is none, 409 when the new name is another trunk's
     */
    @Transactional
    public Trunk replace(Actor actor, long id, TrunkRequest request) {
        TrunkRequest valid = request.validated();
        Trunk before = store.find(id).orElseThrow(() -> new ProblemException(404, "no trunk " + id)).trunk();
        try {
            store.replace(id, valid);
        } catch (TrunkStore.DuplicateName e) {
            throw new ProblemException(409, e.getMessage());
        }
        Trunk after = store.find(id).orElseThrow().trunk();
        sync.write();
        audit.record(actor, REPLACE, "trunk/" + id, before, after);
        return after;
    }

    /** Deletes trunk {@code id}; false when there is none. */
    @Transactional
    public boolean delete(Actor actor, long id) {
        Optional<TrunkStore.Stored> before = store.find(id);
        if (before.isEmpty() || !store.delete(id)) return false;
        sync.write();
        audit.record(actor, DELETE, "trunk/" + id, before.get().trunk(), null);
        return true;
    }
}
