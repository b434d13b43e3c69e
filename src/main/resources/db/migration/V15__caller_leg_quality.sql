-- The caller leg's quality: Asterisk's RTP statistics of the caller's channel (the carrier or phone side), the
-- last sample taken before the call ended. "in" is caller -> Asterisk (measured by Asterisk), "out" is
-- Asterisk -> caller (as the caller's RTCP receiver reports tell; null when the caller sent none, as is the
-- round-trip time). Loss in percent of the packets expected, jitter and round-trip time in milliseconds, MOS
-- estimated with the ITU-T G.107 E-model (docs/api.md, "Call quality"). All null for a call never answered.
alter table calls
    add column caller_packets_in       bigint,
    add column caller_packets_lost_in  bigint,
    add column caller_loss_in_pct      double precision,
    add column caller_jitter_in_ms     double precision,
    add column caller_packets_out      bigint,
    add column caller_packets_lost_out bigint,
    add column caller_loss_out_pct     double precision,
    add column caller_jitter_out_ms    double precision,
    add column caller_rtt_ms           double precision,
    add column caller_mos              double precision,
    add column caller_quality_at       timestamptz;

-- The older media columns measure the other leg: the app's externalMedia relay between Asterisk and the app.
comment on column calls.packets_lost is 'relay leg (Asterisk externalMedia to the app): caller RTP lost';
comment on column calls.packets_out_of_order is 'relay leg (Asterisk externalMedia to the app): caller RTP out of order';
comment on column calls.jitter_ms is 'relay leg (Asterisk externalMedia to the app): interarrival jitter, ms';
comment on column calls.caller_mos is 'caller leg: estimated MOS, ITU-T G.107 E-model (G.711, no PLC)';
