package io.callbridge.hold;

/**
 * What holding a call does to its media (implemented by the call's media bridge). Called on the call's own
 * executor; the Asterisk operations block until Asterisk has answered.
 */
public interface HoldableMedia {

    /**
     * Stops (or restarts) the agent's audio both ways in the app, at once: see {@code MediaLeg.hold}. While the
     * route's recording notice plays ({@link #announcing}) the audio stays stopped whatever {@code paused} says.
     */
    void pause(boolean paused);

    /**
     * Whether the route's recording notice still plays to the caller: a call's first media of a route with a
     * {@code recordAnnouncement} starts so, with the agent's audio stopped both ways as by {@link #pause}.
     */
    boolean announcing();

    /**
     * The recording notice is over (played, failed, or given up on): the agent's audio restarts with the next
     * 20 ms tick, from the start of what it sent meanwhile, unless the call is held. Calling it again changes nothing.
     */
    void announced();

    /**
     * Takes the agent's media leg out of the call's bridge and plays the route's music-on-hold class (or
     * {@code default}) to the caller. Returns when Asterisk has done both.
     *
     * @throws Exception when Asterisk refused; what was done stays done (the caller may hear music)
     */
    void takeAgentOut() throws Exception;

    /** Stops the music and puts the agent's media leg back into the bridge. Returns when Asterisk has done both. */
    void bringAgentBack() throws Exception;

    /** Sends a {@code hold} or {@code resume} event on the agent's stream, if its route opted in. */
    void tellAgent(boolean held, HoldState.By by);
}
