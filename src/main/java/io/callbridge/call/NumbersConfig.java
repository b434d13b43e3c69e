package io.callbridge.call;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How numbers written without a country code are read ({@link PhoneNumbers}). */
@ConfigMapping(prefix = "callbridge.numbers")
public interface NumbersConfig {

    /**
     * The region (ISO 3166-1 alpha-2, e.g. {@code US}, {@code DE}, {@code GB}) whose numbering plan reads a
     * number written without {@code +}: its national form ({@code 030 1234567} in {@code DE}) and its
     * international call prefix ({@code 00}, {@code 011}).
     */
    @WithDefault("US")
    String defaultRegion();
}
