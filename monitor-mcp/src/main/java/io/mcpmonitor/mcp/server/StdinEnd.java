package io.mcpmonitor.mcp.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * Wraps stdin for the stdio transport and tells when the client closed it, so {@code serve} can
 * exit cleanly instead of lingering. {@link #awaitEnd()} may be called from any thread.
 */
public final class StdinEnd extends FilterInputStream {

    private final CountDownLatch ended = new CountDownLatch(1);

    public StdinEnd(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        return watch(() -> super.read());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return watch(() -> super.read(b, off, len));
    }

    private interface Read {
        int run() throws IOException;
    }

    private int watch(Read read) throws IOException {
        try {
            int n = read.run();
            if (n < 0) {
                ended.countDown();
            }
            return n;
        } catch (IOException e) {
            ended.countDown();
            throw e;
        }
    }

    /** Blocks until stdin reached its end or failed. */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }
}
