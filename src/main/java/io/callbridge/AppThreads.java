package io.callbridge;

import java.util.concurrent.ThreadFactory;

/** Threads the app creates itself must see the app's class loader, as Quarkus's own threads do. */
public final class AppThreads {

    private AppThreads() {
    }

    public static ThreadFactory withAppClassLoader(ThreadFactory base) {
        ClassLoader app = AppThreads.class.getClassLoader();
        return task -> {
            Thread t = base.newThread(task);
            t.setContextClassLoader(app);
            return t;
        };
    }
}
