package io.callbridge.call;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How national and international number forms map to E.164 (for the blocklist). */
@ConfigMapping(prefix = "callbridge.numbers")
public interface NumbersConfig {

    /** Country calling code of numbers written without one, e.g. {@code 1} (NANP) or {@code 49}. */
    @WithDefault("1")
    String countryCode();

    /** Trunk prefix of national numbers, e.g. {@code 1} (NANP) or {@code 0} (most of Europe). */
    @WithDefault("1")
    String nationalPrefix();

    /** International call prefix, e.g. {@code 00} or {@code 011}. */
    @WithDefault("011")
    String internationalPrefix();
}
