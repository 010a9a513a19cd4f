package io.mcpmonitor.core.alert;

/**
 * Whether the alert state on disk is up to date. After a failed save the state lives on in memory,
 * notifications still go out, and the save is tried again (at the latest with the next evaluation);
 * {@code failedSaves} counts the failures since the last success and {@code lastError} says why the
 * last one failed (empty when saved). Immutable.
 */
public record SaveStatus(boolean saved, int failedSaves, String lastError) {

    public static final SaveStatus SAVED = new SaveStatus(true, 0, "");

    public SaveStatus {
        lastError = lastError == null ? "" : lastError;
    }
}
