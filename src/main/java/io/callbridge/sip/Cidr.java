package io.callbridge.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation (RFC 4632), e.g. {@code 203.0.113.0/24}, {@code 2001:db8::/32};
 * a bare address is its own /32 (or /128). The address is brought to the network's first address, so
 * {@code 203.0.113.7/24} is {@code 203.0.113.0/24}.
 *
 * @param address the network address, in its canonical text form
 * @param prefix  the prefix length in bits
 */
public record Cidr(String address, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("is required");
        String s = text.strip();
        int slash = s.indexOf('/');
        String ip = slash < 0 ? s : s.substring(0, slash);
        boolean v4 = IPV4.matcher(ip).matches();
        // Only literal characters reach InetAddress: it never resolves a name here.
        if (!v4 && !(ip.contains(":") && IPV6.matcher(ip).matches())) {
            throw new IllegalArgumentException("is not an IPv4 or IPv6 address or network: " + text);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("is not an IPv4 or IPv6 address or network: " + text);
        }
        if (!v4 && bytes.length == 4) throw new IllegalArgumentException("is not an IPv6 address: " + text);
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("has a prefix length outside 0-" + bits + ": " + text);
            }
        }
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return new Cidr(InetAddress.getByAddress(bytes).getHostAddress(), prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return address + "/" + prefix;
    }
}
