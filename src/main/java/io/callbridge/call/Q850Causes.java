package io.callbridge.call;

import java.util.Map;

/**
 * The names of Q.850 cause values (ITU-T Q.850 table 1), spelled as Asterisk 22 spells them in its
 * {@code causes[]} table (main/channel.c, the text of {@code ast_cause2str} and of ARI's {@code cause_txt}),
 * so a CDR reads the same whether the name came from Asterisk or from here.
 */
final class Q850Causes {

    private Q850Causes() {
    }

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "Unallocated (unassigned) number"),
            Map.entry(2, "No route to specified transmit network"),
            Map.entry(3, "No route to destination"),
            Map.entry(5, "Misdialed trunk prefix"),
            Map.entry(6, "Channel unacceptable"),
            Map.entry(7, "Call awarded and being delivered in an established channel"),
            Map.entry(8, "Pre-empted"),
            Map.entry(14, "Number ported elsewhere"),
            Map.entry(16, "Normal Clearing"),
            Map.entry(17, "User busy"),
            Map.entry(18, "No user responding"),
            Map.entry(19, "User alerting, no answer"),
            Map.entry(20, "Subscriber absent"),
            Map.entry(21, "Call Rejected"),
            Map.entry(22, "Number changed"),
            Map.entry(23, "Redirected to new destination"),
            Map.entry(26, "Answered elsewhere"),
            Map.entry(27, "Destination out of order"),
            Map.entry(28, "Invalid number format"),
            Map.entry(29, "Facility rejected"),
            Map.entry(30, "Response to STATus ENQuiry"),
            Map.entry(31, "Normal, unspecified"),
            Map.entry(34, "Circuit/channel congestion"),
            Map.entry(38, "Network out of order"),
            Map.entry(41, "Temporary failure"),
            Map.entry(42, "Switching equipment congestion"),
            Map.entry(43, "Access information discarded"),
            Map.entry(44, "Requested channel not available"),
            Map.entry(50, "Facility not subscribed"),
            Map.entry(52, "Outgoing call barred"),
            Map.entry(54, "Incoming call barred"),
            Map.entry(57, "Bearer capability not authorized"),
            Map.entry(58, "Bearer capability not available"),
            Map.entry(65, "Bearer capability not implemented"),
            Map.entry(66, "Channel not implemented"),
            Map.entry(69, "Facility not implemented"),
            Map.entry(81, "Invalid call reference value"),
            Map.entry(88, "Incompatible destination"),
            Map.entry(95, "Invalid message unspecified"),
            Map.entry(96, "Mandatory information element is missing"),
            Map.entry(97, "Message type nonexist."),
            Map.entry(98, "Wrong message"),
            Map.entry(99, "Info. element nonexist or not implemented"),
            Map.entry(100, "Invalid information element contents"),
            Map.entry(101, "Message not compatible with call state"),
            Map.entry(102, "Recover on timer expiry"),
            Map.entry(103, "Mandatory IE length error"),
            Map.entry(111, "Protocol error, unspecified"),
            Map.entry(127, "Interworking, unspecified"));

    /** The name of Q.850 cause {@code cause}, such as "Normal Clearing" for 16; null for a number Q.850 does not name. */
    static String name(int cause) {
        return NAMES.get(cause);
    }
}
