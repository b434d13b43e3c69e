package io.callbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SettingRowRepository implements PanacheRepositoryBase<SettingRow, String> {
}
