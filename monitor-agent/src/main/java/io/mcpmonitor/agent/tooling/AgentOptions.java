package io.mcpmonitor.agent.tooling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The agent's options, from the {@code -javaagent} argument string ({@code key=value,key=value}) and from
 * environment variables ({@code MCP_MONITOR_<KEY>}); the argument string wins.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>key</th><th>environment</th><th>default</th></tr>
 * <tr><td>server</td><td>MCP_MONITOR_SERVER</td><td>the name the server announces, else the jar or main class</td></tr>
 * <tr><td>store</td><td>MCP_MONITOR_STORE</td><td>~/.mcp-monitor</td></tr>
 * <tr><td>flush</td><td>MCP_MONITOR_FLUSH</td><td>10s ({@code 500ms}, {@code 10s}, {@code 1m}, {@code 0} = only at exit)</td></tr>
 * <tr><td>enabled</td><td>MCP_MONITOR_ENABLED</td><td>true</td></tr>
 * <tr><td>include</td><td>MCP_MONITOR_INCLUDE</td><td>none; {@code com.acme.Tools#*} or {@code io.quarkiverse.mcp.server.Tool}, several separated by {@code ,} or {@code ;}</td></tr>
 * <tr><td>log</td><td>MCP_MONITOR_LOG</td><td>stderr ({@code off}, or a file path)</td></tr>
 * <tr><td>environment</td><td>MCP_MONITOR_ENVIRONMENT</td><td>production: the environment of the deployments this agent records</td></tr>
 * <tr><td>timeout</td><td>MCP_MONITOR_TIMEOUT</td><td>60s: a call still running after this long is counted as {@code timeout}
 *     then, while it hangs ({@code 0} = never); 60 s is how long common MCP clients wait</td></tr>
 * <tr><td>cache</td><td>MCP_MONITOR_CACHE</td><td>{@code $XDG_CACHE_HOME/mcp-monitor/agent}, else
 *     {@code ~/.cache/mcp-monitor/agent}: the {@link WeaveCache} ({@code off} = weave at every start)</td></tr>
 * </table>
 *
 * <p>Immutable. {@link #parse} rejects an unknown key or a bad value with an {@link IllegalArgumentException}
 * naming the option and the rule, so a typo is reported instead of silently ignored. In the argument string a
 * piece without {@code =} continues the previous value, so {@code include=a.B#*,c.D#run} keeps both patterns.
 */
public record AgentOptions(String server, Path store, Duration flush, boolean enabled, List<IncludePattern> include,
                           String log, String environment, Duration timeout, Path cache) {

    static final String ENV_PREFIX = "MCP_MONITOR_";
    static final List<String> KEYS = List.of("server", "store", "flush", "enabled", "include", "log",
            "environment", "timeout", "cache");
    static final Duration DEFAULT_FLUSH = Duration.ofSeconds(10);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Options with the default call timeout and no weave cache. */
    public AgentOptions(String server, Path store, Duration flush, boolean enabled, List<IncludePattern> include,
                        String log, String environment) {
        this(server, store, flush, enabled, include, log, environment, DEFAULT_TIMEOUT, null);
    }

    public AgentOptions {
        Objects.requireNonNull(flush, "flush");
        include = List.copyOf(include);
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Parses {@code arguments} (may be null or empty) over {@code environment}. */
    public static AgentOptions parse(String arguments, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : KEYS) {
            String env = environment.get(ENV_PREFIX + key.toUpperCase(Locale.ROOT));
            if (env != null && !env.isBlank()) {
                values.put(key, env.trim());
            }
        }
        values.putAll(splitArguments(arguments));
        return new AgentOptions(
                blankToNull(values.get("server")),
                values.containsKey("store") ? Path.of(values.get("store")) : null,
                values.containsKey("flush") ? parseDuration(values.get("flush")) : DEFAULT_FLUSH,
                !values.containsKey("enabled") || parseBoolean(values.get("enabled")),
                values.containsKey("include") ? IncludePattern.parseList(values.get("include")) : List.of(),
                values.getOrDefault("log", "stderr"),
                values.getOrDefault("environment", "production"),
                values.containsKey("timeout") ? parseDuration("timeout", values.get("timeout")) : DEFAULT_TIMEOUT,
                cacheDirectory(values.get("cache"), environment));
    }

    /**
     * The weave cache directory: {@code value} ({@code off}: none), else {@code $XDG_CACHE_HOME/mcp-monitor/agent},
     * else {@code .cache/mcp-monitor/agent} in the home directory ({@code $HOME} when set, as for the store).
     */
    static Path cacheDirectory(String value, Map<String, String> environment) {
        if (value != null && value.equalsIgnoreCase("off")) {
            return null;
        }
        if (value != null && !value.isBlank()) {
            return Path.of(value).toAbsolutePath().normalize();
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg.trim()).isAbsolute()) {
            return Path.of(xdg.trim(), "mcp-monitor", "agent");
        }
        String home = environment.get("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home, ".cache",
                "mcp-monitor", "agent").toAbsolutePath().normalize();
    }

    static Map<String, String> splitArguments(String arguments) {
        Map<String, String> values = new LinkedHashMap<>();
        if (arguments == null || arguments.isBlank()) {
            return values;
        }
        String currentKey = null;
        for (String piece : arguments.split(",")) {
            int eq = piece.indexOf('=');
            if (eq < 0) {
                if (currentKey == null) {
                    if (piece.isBlank()) {
                        continue;
                    }
                    throw new IllegalArgumentException("agent option '" + piece.trim()
                            + "' must be key=value, keys: " + KEYS);
                }
                values.put(currentKey, values.get(currentKey) + "," + piece.trim());
                continue;
            }
            String key = piece.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown agent option '" + key + "', known: " + KEYS);
            }
            values.put(key, piece.substring(eq + 1).trim());
            currentKey = key;
        }
        return values;
    }

    /** {@code 250ms}, {@code 10s}, {@code 2m}, {@code 1h}, a plain number of seconds; zero or at least 100 ms. */
    static Duration parseDuration(String text) {
        return parseDuration("flush", text);
    }

    /** {@link #parseDuration(String)} for the option {@code option}, named in the error. */
    static Duration parseDuration(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            } else if (t.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("agent option " + option + " must be a duration like 500ms, 10s or 1m, was '"
                    + text + "'");
        }
        if (d.isNegative() || (!d.isZero() && d.toMillis() < 100)) {
            throw new IllegalArgumentException("agent option " + option + " must be 0 ("
                    + (option.equals("flush") ? "only at exit" : "never") + ") or at least 100ms, was '"
                    + text + "'");
        }
        return d;
    }

    static boolean parseBoolean(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true")) {
            return true;
        }
        if (t.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("agent option enabled must be true or false, was '" + text + "'");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The options as one line, for the agent's log. */
    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("server=" + (server == null ? "(announced)" : server));
        parts.add("store=" + (store == null ? "(default)" : store));
        parts.add("flush=" + flush.toMillis() + "ms");
        if (!include.isEmpty()) {
            parts.add("include=" + include);
        }
        return String.join(" ", parts);
    }

    /**
     * The start-up line: the server name (or where it will come from), the store directory resolved as
     * the store will be, and the flush interval; people read it to know where their data goes.
     */
    String startupLine() {
        String where = io.mcpmonitor.core.store.Store.resolveDirectory(store).toString();
        String every = flush.isZero() ? "only at exit" : flush.toMillis() % 1000 == 0 ? flush.toSeconds() + "s" : flush.toMillis() + "ms";
        return "agent started: server=" + (server == null ? "(the name the server announces)" : server) + " store=" + where
                + " flush=" + every + (include.isEmpty() ? "" : " include=" + include);
    }

    /**
     * Of the keys in {@code given}, those whose value differs from {@code running}'s, other than
     * {@code enabled}, as {@code key=value} of these options; empty if none.
     */
    List<String> differencesFrom(AgentOptions running, java.util.Set<String> given) {
        List<String> d = new ArrayList<>();
        if (given.contains("server") && !Objects.equals(server, running.server)) {
            d.add("server=" + server);
        }
        if (given.contains("store") && !Objects.equals(store == null ? null : store.toAbsolutePath(),
                running.store == null ? null : running.store.toAbsolutePath())) {
            d.add("store=" + store);
        }
        if (given.contains("flush") && !flush.equals(running.flush)) {
            d.add("flush=" + flush.toMillis() + "ms");
        }
        if (given.contains("include") && !include.equals(running.include)) {
            d.add("include=" + include);
        }
        if (given.contains("log") && !log.equals(running.log)) {
            d.add("log=" + log);
        }
        return d;
    }
}
