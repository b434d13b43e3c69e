package io.callbridge.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A dialed number Callbridge handles (table {@code routes}). */
@Entity
@Table(name = "routes")
public class RouteEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String number;

    public String description;

    /** The agent's WebSocket, ws:// or wss://. */
    public String url;

    /** {@code twilio} or {@code raw}. */
    @Column(nullable = false)
    public String protocol = "twilio";

    @Column(name = "sample_rate", nullable = false)
    public int sampleRate = 8000;

    /** Passed to the agent (twilio: customParameters). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, String> parameters = new HashMap<>();

    @Column(name = "max_concurrent_calls")
    public Integer maxConcurrentCalls;

    /** {@code hangup}, or a number / SIP URI to forward the caller to. */
    @Column(name = "on_agent_failure", nullable = false)
    public String onAgentFailure = "hangup";

    /** Whether every answered call of the route is recorded (docs/recording.md). */
    @Column(nullable = false)
    public boolean record;

    /** An Asterisk sound played to the caller before the recording starts, or null. */
    @Column(name = "record_announcement")
    public String recordAnnouncement;
    /** The music-on-hold class callers of this route hear while held; null for {@code default}. */
    @Column(name = "moh_class")
    public String mohClass;

    /**
     * The call queue callers over {@link #maxConcurrentCalls} wait in until a line frees; null: they are refused
     * with 486.
     */
    @Column(name = "overflow_queue")
    public String overflowQueue;

    /** Whether the agent gets hold/resume events on its stream. */
    @Column(name = "hold_events", nullable = false)
    public boolean holdEvents;

    /** A TwiML document the route's calls run (docs/flows.md); null unless the route runs a stored flow. */
    public String twiml;

    /** The voice URL whose TwiML the route's calls run (http or https); null unless the route has one. */
    @Column(name = "voice_url")
    public String voiceUrl;

    /** {@code GET} or {@code POST}. */
    @Column(name = "voice_method", nullable = false)
    public String voiceMethod = "POST";

    @Column(name = "voice_fallback_url")
    public String voiceFallbackUrl;

    @Column(name = "voice_fallback_method", nullable = false)
    public String voiceFallbackMethod = "POST";

    /** How long each voice URL request may take, in seconds; null for the default (callbridge.flow.request-timeout). */
    @Column(name = "voice_timeout_seconds")
    public Integer voiceTimeoutSeconds;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false, insertable = false)
    public OffsetDateTime updatedAt;
}
