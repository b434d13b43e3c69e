package io.callbridge.ari;

import java.util.List;

/**
 * An ARI event Callbridge acts on, as {@link AriEventReader} reads it off the events socket: only the fields
 * the call path uses, in records of our own (no model binding per event). Channel ids are Asterisk's
 * {@code uniqueid}s, or the ids Callbridge gave the channels it created.
 */
public sealed interface AriEvent {

    /**
     * A channel entered the Stasis application.
     *
     * @param args    the arguments of {@code Stasis(app,arg1,…)} (or of the channel's creation), possibly empty
     * @param channel the channel as it was when it entered
     */
    record StasisStart(List<String> args, AriChannel channel) implements AriEvent {
    }

    /** A channel left the Stasis application (hung up, or sent back to the dialplan). */
    record StasisEnd(String channelId) implements AriEvent {
    }

    /**
     * Asterisk was asked to hang a channel up: by its far end, or by someone over ARI or the dialplan.
     *
     * @param cause     Q.850 cause, 0 when the event carried none
     * @param techCause the channel technology's own reason (for chan_pjsip the SIP response, e.g.
     *                  {@code 486 Busy Here}), or null
     */
    record ChannelHangupRequest(String channelId, int cause, String techCause) implements AriEvent {
    }

    /**
     * A channel is gone.
     *
     * @param cause     Q.850 cause, 0 when the event carried none
     * @param causeText Asterisk's text for it ({@code cause_txt}), or null
     * @param techCause as in {@link ChannelHangupRequest}
     */
    record ChannelDestroyed(String channelId, int cause, String causeText, String techCause) implements AriEvent {
    }

    /**
     * Progress of a dial Callbridge started: {@code peerId} is the channel being dialed.
     *
     * @param dialstatus {@code RINGING}, {@code PROGRESS}, {@code ANSWER}, {@code BUSY}, {@code NOANSWER} …;
     *                   empty while the dial begins
     */
    record Dial(String peerId, String dialstatus) implements AriEvent {
    }

    /** A DTMF digit the channel's far end sent ({@code 0-9 * # A-D}). */
    record ChannelDtmfReceived(String channelId, String digit) implements AriEvent {
    }

    /**
     * The channel's far end put the call on hold (chan_pjsip: a re-INVITE with {@code a=sendonly},
     * {@code a=inactive} or {@code c=0.0.0.0}).
     */
    record ChannelHold(String channelId) implements AriEvent {
    }

    /** The channel's far end took the call off hold (a re-INVITE with {@code a=sendrecv} again). */
    record ChannelUnhold(String channelId) implements AriEvent {
    }

    /**
     * A playback Callbridge started ({@code POST /channels/{id}/play}) is over: played to its end, stopped, or
     * failed (a sound that does not exist); Asterisk also ends it when its channel hangs up.
     *
     * @param playbackId the id Callbridge gave the playback
     * @param state      {@code done} or {@code failed} (Asterisk 22); null when absent
     */
    record PlaybackFinished(String playbackId, String state) implements AriEvent {
    }

    /**
     * A phone asked for a transfer (SIP REFER) on {@code channelId}, a channel whose transfers the app handles
     * ({@code PJSIP_TRANSFER_HANDLING(ari-only)}, asterisk/extensions.conf). Asterisk has answered 202 and
     * waits for the app to report the outcome ({@code POST /channels/{id}/transfer_progress}).
     *
     * @param destination a blind transfer's target: the user part of the Refer-To URI; null otherwise
     * @param protocolId  an attended transfer's (Replaces) SIP Call-ID of the call to join; null otherwise
     * @param state       Asterisk's transfer state: empty for a new REFER; the progress the app reported
     *                    ({@code channel_answered} …) when Asterisk echoes it
     * @param replacedChannelId an attended transfer's {@code refer_to.destination_channel}: the channel of
     *                    this Asterisk whose dialog the Replaces names (null when Asterisk found none)
     */
    record ChannelTransfer(String channelId, String destination, String protocolId, String state,
                           String replacedChannelId) implements AriEvent {

        /** A transfer without a replaced channel of this Asterisk (a blind one). */
        public ChannelTransfer(String channelId, String destination, String protocolId, String state) {
            this(channelId, destination, protocolId, state, null);
        }
    }
}
