package io.mcpmonitor.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The stderr lines of a server, and the address it announces in one of them ("... listening on
 * http://127.0.0.1:41234/mcp"): everything after the first occurrence of a marker, trimmed. Fed line by line
 * ({@link #accept}), e.g. as the stderr handler of the MCP SDK's stdio client transport, or by
 * {@link ChildProcess}. Thread-safe: one thread feeds it, any thread reads it.
 */
public final class Announcement implements Consumer<String> {

    private final String marker;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<URI> address = new CompletableFuture<>();

    public Announcement(String marker) {
        this.marker = marker;
    }

    @Override
    public void accept(String line) {
        lines.add(line);
        int i = line.indexOf(marker);
        if (i >= 0) {
            address.complete(URI.create(line.substring(i + marker.length()).trim()));
        }
    }

    /** The stream ended: a wait for an address not announced by now fails at once instead of timing out. */
    public void ended() {
        address.completeExceptionally(new IllegalStateException("stderr ended without \"" + marker + "\": " + lines));
    }

    /** The live list of the lines so far (thread-safe to read and iterate). */
    public List<String> lines() {
        return lines;
    }

    /** The announced address, or null while there is none. */
    public URI now() {
        return address.getNow(null);
    }

    /**
     * Waits for the address.
     *
     * @throws IllegalStateException with the lines so far, when it is not announced within {@code timeout}
     *         or the stream ended without it
     */
    public URI await(Duration timeout) {
        try {
            return address.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for \"" + marker + "\"", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no \"" + marker + "\" within " + timeout + "; stderr: " + lines, e);
        }
    }
}
