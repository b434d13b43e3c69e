package io.callbridge.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The CDR of one call (table {@code calls}). Written when the call arrives, completed when it ends. */
@Entity
@Table(name = "calls")
public class CallRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "call_sid", nullable = false, unique = true)
    public String callSid;

    @Column(name = "channel_id", nullable = false)
    public String channelId;

    @Column(nullable = false)
    public String direction;

    @Column(name = "from_number")
    public String fromNumber;

    @Column(name = "to_number")
    public String toNumber;

    public String route;

    @Column(nullable = false)
    public String state;

    @Column(name = "started_at", nullable = false)
    public OffsetDateTime startedAt;

    @Column(name = "answered_at")
    public OffsetDateTime answeredAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;

    public String termination;

    @Column(name = "termination_reason")
    public String terminationReason;

    @Column(name = "sip_code")
    public Integer sipCode;

    @Column(name = "agent_url")
    public String agentUrl;

    public String protocol;

    @Column(name = "packets_in")
    public Long packetsIn;

    @Column(name = "packets_out")
    public Long packetsOut;

    @Column(name = "bytes_in")
    public Long bytesIn;

    @Column(name = "bytes_out")
    public Long bytesOut;

    @Column(name = "packets_lost")
    public Long packetsLost;

    @Column(name = "packets_out_of_order")
    public Long packetsOutOfOrder;

    @Column(name = "jitter_ms")
    public Double jitterMs;

    @Column(name = "frames_dropped")
    public Long framesDropped;

    @Column(name = "agent_reconnects")
    public Integer agentReconnects;

    @Column(name = "first_audio_ms")
    public Integer firstAudioMs;

    @Column(name = "agent_malformed")
    public Long agentMalformed;

    @Column(name = "status_callback")
    public String statusCallback;

    /** Comma-separated: which of initiated, ringing, answered, completed go to the status callback. */
    @Column(name = "status_callback_events")
    public String statusCallbackEvents;

    /** {@code GET} or {@code POST} (null: POST): how the status callbacks are sent. */
    @Column(name = "status_callback_method")
    public String statusCallbackMethod;

    /** The instance that owns the call ({@code callbridge.ari.instance-id}); null on CDRs older than V10. */
    @Column(name = "instance_id")
    public String instanceId;

    /** The call's agent as JSON (call.AgentSpec), for adopting the call after a restart. */
    @Column(name = "agent_spec")
    public String agentSpec;

    /** Milliseconds without an agent because the app restarted; null when it never did. */
    @Column(name = "agent_gap_ms")
    public Long agentGapMs;

    /** How many times a restarted app adopted the call; null when never. */
    public Integer adoptions;

    // The caller leg's quality (V15): Asterisk's RTP statistics of the caller's channel; see quality.CallerQuality.

    @Column(name = "caller_packets_in")
    public Long callerPacketsIn;

    @Column(name = "caller_packets_lost_in")
    public Long callerPacketsLostIn;

    @Column(name = "caller_loss_in_pct")
    public Double callerLossInPercent;

    @Column(name = "caller_jitter_in_ms")
    public Double callerJitterInMs;

    @Column(name = "caller_packets_out")
    public Long callerPacketsOut;

    /** Null when the caller sent no RTCP receiver report. */
    @Column(name = "caller_packets_lost_out")
    public Long callerPacketsLostOut;

    @Column(name = "caller_loss_out_pct")
    public Double callerLossOutPercent;

    @Column(name = "caller_jitter_out_ms")
    public Double callerJitterOutMs;

    @Column(name = "caller_rtt_ms")
    public Double callerRttMs;

    @Column(name = "caller_mos")
    public Double callerMos;

    @Column(name = "caller_quality_at")
    public OffsetDateTime callerQualityAt;
    /** Milliseconds the call spent on hold, summed over its holds (an open hold counts once it ends); null: never held. */
    @Column(name = "hold_ms")
    public Long holdMs;

    /** How many times the call was put on hold; null when never. */
    public Integer holds;

    /** While the call is on hold: since when; null otherwise. */
    @Column(name = "held_since")
    public OffsetDateTime heldSince;

    /** While the call is on hold: {@code api} or {@code caller}; null otherwise. */
    @Column(name = "held_by")
    public String heldBy;
}
