package io.callbridge.moh;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where music-on-hold classes live ({@code callbridge.moh.*}; docs/hold-and-moh.md). */
@ConfigMapping(prefix = "callbridge.moh")
public interface MohConfig {

    /**
     * The directory of the classes managed over the API, as this app sees it: one folder per class and
     * {@code classes.conf}, which asterisk/musiconhold.conf includes. Shared by every app instance and Asterisk
     * node (a network file system; a ReadWriteMany volume on Kubernetes).
     */
    @WithDefault("/var/lib/callbridge/moh")
    String directory();

    /** The same directory as Asterisk sees it, when that differs (a chroot, another mount point); default: {@link #directory()}. */
    Optional<String> asteriskDirectory();
}
