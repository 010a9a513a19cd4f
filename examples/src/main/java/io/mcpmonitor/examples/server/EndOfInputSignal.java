package io.mcpmonitor.examples.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * An input stream that tells waiting threads when its source has ended.
 *
 * <p>Wrap stdin in it and hand it to the stdio transport: once the transport reads end-of-stream (or a read
 * fails), {@link #awaitEnd()} returns, so the server can shut down when the client closes the pipe. Reads
 * are not synchronized beyond what the wrapped stream does; {@link #awaitEnd()} may be called from any
 * thread.
 *
 * <pre>{@code
 * EndOfInputSignal stdin = new EndOfInputSignal(System.in);
 * new StdioServerTransportProvider(jsonMapper, stdin, System.out);
 * stdin.awaitEnd();
 * }</pre>
 */
final class EndOfInputSignal extends FilterInputStream {

    private final CountDownLatch ended = new CountDownLatch(1);

    EndOfInputSignal(InputStream source) {
        super(source);
    }

    @Override
    public int read() throws IOException {
        try {
            return signalIfEnded(super.read());
        } catch (IOException e) {
            ended.countDown();
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return signalIfEnded(super.read(buffer, offset, length));
        } catch (IOException e) {
            ended.countDown();
            throw e;
        }
    }

    /** Blocks until the source has reported end-of-stream or failed. */
    void awaitEnd() throws InterruptedException {
        ended.await();
    }

    private int signalIfEnded(int result) {
        if (result < 0) {
            ended.countDown();
        }
        return result;
    }
}
