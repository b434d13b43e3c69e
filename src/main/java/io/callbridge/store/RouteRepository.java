package io.callbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class RouteRepository implements PanacheRepository<RouteEntity> {

    public Optional<RouteEntity> findByNumber(String number) {
        return find("number", number).firstResultOptional();
    }
}
