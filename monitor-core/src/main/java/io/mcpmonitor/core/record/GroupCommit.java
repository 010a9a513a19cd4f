package io.mcpmonitor.core.record;

import io.mcpmonitor.core.store.CallRecord;
import io.mcpmonitor.core.store.HistogramFormat;
import io.mcpmonitor.core.store.ProcessRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Durable writes of reported calls, batched across concurrent callers: each caller queues its calls
 * and waits; whichever caller holds the commit lock takes everything queued, writes it in one forced
 * write, and completes every caller of the group. So N concurrent reports cost one write and one
 * {@code fsync}, not N, and a caller returns only once its calls are on disk — or learns that none of
 * them were stored (the write is all or nothing), and may retry without counting anything twice.
 *
 * <p>Thread-safe. Allocates per group, not per call on any hot path (this is the ingest path).
 */
final class GroupCommit {

    /** Writes one group; must be all or nothing. */
    interface Writer {
        void write(List<CallRecord> calls, List<ProcessRecord> processes) throws IOException;
    }

    private record Pending(List<ReportedCall> calls, List<ProcessRecord> processes, CompletableFuture<Void> done) {
    }

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committer = new ReentrantLock();
    private final Writer writer;

    GroupCommit(Writer writer) {
        this.writer = writer;
    }

    /** Returns once {@code calls} and {@code processes} are on disk; throws if they could not be written. */
    void commit(List<ReportedCall> calls, List<ProcessRecord> processes) throws IOException {
        Pending mine = new Pending(List.copyOf(calls), List.copyOf(processes), new CompletableFuture<>());
        queue.add(mine);
        while (!mine.done().isDone()) {
            if (committer.tryLock()) {
                try {
                    commitQueued();
                } finally {
                    committer.unlock();
                }
            } else {
                try {
                    mine.done().get(2, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    // the committer may have taken its group before ours arrived: try to commit ourselves
                } catch (InterruptedException e) {
                    // Our calls may still be written by the committer: wait for the verdict, then keep the flag.
                    mine.done().handle((v, t) -> null).join();
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    break;
                }
            }
        }
        try {
            mine.done().join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        }
    }

    private void commitQueued() {
        List<Pending> group = new ArrayList<>();
        for (Pending p; (p = queue.poll()) != null; ) {
            group.add(p);
        }
        if (group.isEmpty()) {
            return;
        }
        Backfill batch = new Backfill();
        List<ProcessRecord> processes = new ArrayList<>();
        for (Pending p : group) {
            for (ReportedCall c : p.calls()) {
                batch.add(c.epochMillis(), c.server(), c.tool(), c.durationNanos(), c.outcome(), c.errorType(), c.errorMessage());
            }
            processes.addAll(p.processes());
        }
        try {
            writer.write(batch.drain(HistogramFormat.newHistogram()), processes);
            group.forEach(p -> p.done().complete(null));
        } catch (IOException | UncheckedIOException | SecurityException e) {
            group.forEach(p -> p.done().completeExceptionally(e instanceof UncheckedIOException u ? u.getCause() : e));
        } catch (RuntimeException | Error e) {
            group.forEach(p -> p.done().completeExceptionally(e));
            throw e;
        }
    }
}
