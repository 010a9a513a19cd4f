package io.mcpmonitor.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps a writer's append and the compactor's consolidation of a plain minute file apart: the compactor
 * reads the file, writes its gzipped twin and deletes it, so an append landing in between would be lost.
 * Both hold this lock on the file: an exclusive OS lock, for writers and compactors in other processes,
 * and, since one process cannot hold two OS locks on a file, a lock within the JVM first (the sidecar
 * writes and compacts in one process). Writers wait for it; the compactor only tries, and leaves a busy
 * file for its next run.
 *
 * <p>An OS lock on Linux is dropped when the process closes <em>any</em> descriptor of the file, such as
 * a reader's in the same process; then the rule that writers append to a plain file only while its hour
 * is open, and the compactor consolidates it only after its grace, still keeps them apart.
 */
final class MinuteFileLock implements AutoCloseable {

    // One lock per file; entries nobody holds or waits for are dropped now and then. Writers never share a
    // file (each appends to its own), so a writer holding the locks of several files cannot deadlock.
    private static final java.util.concurrent.ConcurrentHashMap<Path, ReentrantLock> IN_JVM =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PRUNE_ABOVE = 4096;

    private final ReentrantLock inJvm;
    private final Path file;
    private final FileChannel channel;
    private final FileLock osLock;

    private MinuteFileLock(ReentrantLock inJvm, Path file, FileChannel channel, FileLock osLock) {
        this.inJvm = inJvm;
        this.file = file;
        this.channel = channel;
        this.osLock = osLock;
    }

    private static ReentrantLock inJvm(Path file) {
        if (IN_JVM.size() > PRUNE_ABOVE) {
            IN_JVM.values().removeIf(l -> !l.isLocked() && !l.hasQueuedThreads());
        }
        return IN_JVM.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new ReentrantLock());
    }

    /** Opens {@code file} for reading and writing (creating it) and waits for its lock. */
    static MinuteFileLock acquire(Path file) throws IOException {
        ReentrantLock l = inJvm(file);
        l.lock();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new MinuteFileLock(l, file, ch, ch.lock());
        } catch (OverlappingFileLockException pruned) {
            // Another thread of this JVM holds the file under a lock object pruned meanwhile: rare; fail this write.
            closeQuietly(ch, pruned);
            l.unlock();
            throw new IOException("minute file " + file + " is being written by another thread", pruned);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(ch, e);
            l.unlock();
            throw e;
        }
    }

    /** The lock of the existing {@code file} if it is free now, else null (it is being written, or gone). */
    static MinuteFileLock tryAcquire(Path file) throws IOException {
        ReentrantLock l = inJvm(file);
        if (!l.tryLock()) {
            return null;
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock os = ch.tryLock();
            if (os == null) {
                ch.close();
                l.unlock();
                return null;
            }
            return new MinuteFileLock(l, file, ch, os);
        } catch (java.nio.file.NoSuchFileException | OverlappingFileLockException busyOrGone) {
            closeQuietly(ch, busyOrGone);
            l.unlock();
            return null;
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(ch, e);
            l.unlock();
            throw e;
        }
    }

    /** The file locked. */
    Path file() {
        return file;
    }

    /** The channel the lock was taken through, open for reading and writing. */
    FileChannel channel() {
        return channel;
    }

    private static void closeQuietly(FileChannel ch, Throwable cause) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            try {
                if (osLock.isValid()) {
                    osLock.release();
                }
            } finally {
                channel.close();
            }
        } finally {
            inJvm.unlock();
        }
    }
}
