package io.callbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads the outbox for the deliveries API; delivery itself writes it in plain JDBC (webhook.OutboxLeases). */
@ApplicationScoped
public class WebhookEventRepository implements PanacheRepository<WebhookEvent> {
}
