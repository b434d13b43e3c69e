package io.callbridge.api;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes of every request body Quarkus REST reads and stops at the limit ({@link BodyLimit}). */
@Provider
public class BodyLimitInterceptor implements ReaderInterceptor {

    private final BodyLimit limit;

    BodyLimitInterceptor(BodyLimit limit) {
        this.limit = limit;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new Limited(context.getInputStream(), limit));
        return context.proceed();
    }

    private static final class Limited extends FilterInputStream {

        private final BodyLimit limit;
        private long read;

        Limited(InputStream in, BodyLimit limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) count(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            read += n;
            if (read > limit.maxBytes()) throw new BodyLimit.TooLarge(limit.detail());
        }
    }
}
