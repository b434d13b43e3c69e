package io.callbridge.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Where Callbridge POSTs to (webhook receivers, status callbacks): an absolute http(s) URL with a host. */
public final class HttpUrls {

    private HttpUrls() {
    }

    /** Whether {@code url} is an http:// or https:// URL naming a host, of at most {@code maxLength} characters. */
    public static boolean isValid(String url, int maxLength) {
        if (url == null || url.length() > maxLength) return false;
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
