package io.callbridge.hold;

/**
 * What holding a call does to its media (implemented by the call's media bridge). Called on the call's own
 * executor; the Asterisk operations block until Asterisk has answered.
 */
public interface HoldableMedia {

    /** Stops (or restarts) the agent's audio both ways in the app, at once: see {@code MediaLeg.hold}. */
    void pause(boolean paused);

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
