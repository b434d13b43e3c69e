package io.callbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class RouteRepository implements PanacheRepository<RouteEntity> {

    public Optional<RouteEntity> findByNumber(String number) {
        return find("number", number).firstResultOptional();
    }

    /**
     * The routes that could match {@code dialed}: its exact number and every pattern ending in {@code *}
     * ({@code *} is not a LIKE wildcard). The caller picks the most specific one. Routing tables are small,
     * so one query per call that reads all prefix routes is cheaper than a query per prefix length.
     */
    public List<RouteEntity> candidatesFor(String dialed) {
        return list("number = ?1 or number like '%*'", dialed);
    }

    public List<RouteEntity> listById() {
        return listAll(Sort.by("id"));
    }
}
