package org.pubgraph.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Runs a real Neo4j Community DBMS in this JVM and exposes it over Bolt, for machines
 * without Docker (driven by src/graph/embedded-neo4j.ts).
 *
 * <p><b>Security:</b> authentication is DISABLED and TLS is off. This is meant for local
 * development and tests only, with Bolt bound to loopback (the default). Do not bind it
 * to a routable address.
 *
 * <p>Options, as {@code --name=value} arguments or {@code -Dpubgraph.neo4j.name=value}
 * system properties (arguments win):
 * <ul>
 *   <li>{@code home} (required): Neo4j home; the store goes to {@code home/data}, the debug
 *       log to {@code home/logs/debug.log}.</li>
 *   <li>{@code port} (7687): Bolt port; 0 picks a free port, reported on the ready line.</li>
 *   <li>{@code address} (127.0.0.1): Bolt listen address.</li>
 *   <li>{@code page-cache} (256m): page cache size.</li>
 *   <li>{@code tx-memory} (unset = Neo4j's default): global cap on transaction memory, e.g. 256m.</li>
 *   <li>{@code stdin-watch} (true): exit when stdin reaches EOF, so the JVM dies with its parent.</li>
 * </ul>
 *
 * <p>Protocol: stdout carries exactly one line, {@code PUBGRAPH_NEO4J_READY bolt://host:port},
 * once the default database is available and Bolt accepts connections. Everything else goes
 * to stderr. Startup failures print one {@code PUBGRAPH_NEO4J_ERROR ...} line on stderr and
 * exit with status 2 (port in use), 3 (store locked) or 1 (anything else).
 */
public final class EmbeddedNeo4j {
    static final String READY_PREFIX = "PUBGRAPH_NEO4J_READY ";
    static final String ERROR_PREFIX = "PUBGRAPH_NEO4J_ERROR ";

    private static final Object LOCK = new Object();
    private static DatabaseManagementService service; // guarded by LOCK
    private static boolean stopped; // guarded by LOCK
    private static final CountDownLatch STOPPED = new CountDownLatch(1);

    private EmbeddedNeo4j() {}

    public static void main(String[] args) {
        // Keep stdout for the protocol line only: anything a library prints there goes to stderr.
        PrintStream protocol = System.out;
        System.setOut(System.err);

        Map<String, String> opts;
        try {
            opts = parseArgs(args);
        } catch (IllegalArgumentException e) {
            fail(1, e.getMessage());
            return;
        }
        String home = opts.get("home");
        if (home == null || home.isBlank()) {
            fail(1, "missing --home=<dir> (the Neo4j home / data directory)");
            return;
        }
        String address = opts.getOrDefault("address", "127.0.0.1");
        int port;
        long pageCache;
        Long txMemory = null;
        try {
            port = Integer.parseInt(opts.getOrDefault("port", "7687"));
            if (port < 0 || port > 65535) throw new IllegalArgumentException("--port out of range: " + port);
            pageCache = ByteUnit.parse(opts.getOrDefault("page-cache", "256m"));
            if (opts.containsKey("tx-memory")) txMemory = ByteUnit.parse(opts.get("tx-memory"));
        } catch (RuntimeException e) {
            fail(1, "bad option: " + e.getMessage());
            return;
        }
        boolean watchStdin = !"false".equalsIgnoreCase(opts.getOrDefault("stdin-watch", "true"));

        Path homeDir = Path.of(home).toAbsolutePath().normalize();
        Map<Setting<?>, Object> config = new HashMap<>();
        config.put(BoltConnector.enabled, true);
        config.put(BoltConnector.listen_address, new SocketAddress(address, port));
        config.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        // A handful of Bolt worker threads is plenty for dev/test on a small machine.
        config.put(BoltConnector.thread_pool_min_size, 2);
        // Netty's graceful shutdown waits a 5 s quiet period per event loop group (10 s in total);
        // nothing is connected by then in our use, so stop promptly (keeps test teardown fast).
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2));
        config.put(GraphDatabaseSettings.auth_enabled, false); // loopback dev/test only, see class doc
        config.put(GraphDatabaseSettings.log_queries, GraphDatabaseSettings.LogQueryLevel.OFF);
        config.put(GraphDatabaseSettings.udc_enabled, false); // no usage reporting (and no network)
        config.put(GraphDatabaseSettings.pagecache_memory, pageCache);
        // Test runs create many short-lived stores: don't preallocate 256 MiB transaction logs
        // per store, and keep only a small amount of transaction log.
        config.put(GraphDatabaseSettings.preallocate_logical_logs, false);
        config.put(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64));
        config.put(GraphDatabaseSettings.keep_logical_logs, "128M size");
        if (txMemory != null) config.put(GraphDatabaseSettings.memory_transaction_global_max_size, txMemory);

        // Register the hook before starting so SIGTERM during startup also shuts down cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedNeo4j::shutdown, "pubgraph-neo4j-shutdown"));

        long t0 = System.nanoTime();
        DatabaseManagementService dbms;
        try {
            // No user log provider: Neo4j's user log is dropped; the debug log goes to home/logs.
            dbms = new DatabaseManagementServiceBuilder(homeDir).setConfig(config).build();
        } catch (Throwable e) {
            classifyAndFail(e, address, port, homeDir);
            return;
        }
        synchronized (LOCK) {
            if (stopped) { // a signal arrived while starting
                dbms.shutdown();
                return;
            }
            service = dbms;
        }

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(2).toMillis())) {
            fail(1, "database '" + GraphDatabaseSettings.DEFAULT_DATABASE_NAME
                    + "' did not become available within 2 minutes; see " + homeDir.resolve("logs/debug.log"));
            return;
        }

        // With port 0 the OS chose the port: ask Neo4j which one it bound.
        int boundPort = port;
        HostnamePort bound = ((GraphDatabaseAPI) db).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        if (bound != null) boundPort = bound.getPort();

        if (watchStdin) startStdinWatcher();

        String host = address.contains(":") ? "[" + address + "]" : address;
        System.err.printf(Locale.ROOT, "embedded Neo4j %s started in %d ms (home %s)%n",
                neo4jVersion(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), homeDir);
        protocol.println(READY_PREFIX + "bolt://" + host + ":" + boundPort);
        protocol.flush();

        // Neo4j's threads keep the JVM alive anyway; wait explicitly so that is not load-bearing.
        try {
            STOPPED.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Idempotent: runs from the shutdown hook (signals, System.exit) and after stdin EOF. */
    private static void shutdown() {
        DatabaseManagementService toStop;
        synchronized (LOCK) {
            if (stopped) return;
            stopped = true;
            toStop = service;
        }
        try {
            if (toStop != null) {
                System.err.println("embedded Neo4j: shutting down");
                toStop.shutdown(); // checkpoints and releases the store lock
                System.err.println("embedded Neo4j: stopped");
            }
        } catch (Throwable e) {
            System.err.println("embedded Neo4j: error during shutdown: " + e);
        } finally {
            STOPPED.countDown();
        }
    }

    /**
     * The parent keeps our stdin open as a pipe; when it dies (even by SIGKILL) the pipe closes,
     * we read EOF and exit, instead of lingering and holding the store lock and the port.
     */
    private static void startStdinWatcher() {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // input is ignored; we only care about EOF
                }
            } catch (IOException ignored) {
                // treat a broken stdin like EOF
            }
            System.err.println("embedded Neo4j: stdin closed (parent gone)");
            System.exit(0); // runs the shutdown hook
        }, "pubgraph-neo4j-stdin-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void classifyAndFail(Throwable e, String address, int port, Path homeDir) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String msg = String.valueOf(c.getMessage());
            if (c instanceof BindException || msg.contains("Address already in use")) {
                fail(2, "Bolt port " + address + ":" + port + " is already in use (another Neo4j running?)");
                return;
            }
            if (c.getClass().getSimpleName().equals("FileLockException")
                    || msg.contains("locked by another process") || msg.contains("Lock file has been locked")) {
                fail(3, "the store in " + homeDir + " is locked by another process"
                        + " (another embedded Neo4j using the same data dir?)");
                return;
            }
        }
        e.printStackTrace(System.err);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        fail(1, "Neo4j failed to start: " + root.getClass().getSimpleName() + ": " + root.getMessage()
                + " (see " + homeDir.resolve("logs/debug.log") + ")");
    }

    private static void fail(int status, String message) {
        System.err.println(ERROR_PREFIX + message.replace('\n', ' '));
        System.err.flush();
        System.exit(status);
    }

    /** {@code --name=value}, {@code --no-name} (= false), then {@code pubgraph.neo4j.*} properties. */
    static Map<String, String> parseArgs(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (String key : new String[] {"home", "port", "address", "page-cache", "tx-memory", "stdin-watch"}) {
            String v = System.getProperty("pubgraph.neo4j." + key);
            if (v != null) opts.put(key, v);
        }
        for (String a : args) {
            if (a.startsWith("--no-")) {
                opts.put(a.substring(5), "false");
            } else if (a.startsWith("--") && a.indexOf('=') > 2) {
                opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unrecognised argument '" + a + "' (expected --name=value)");
            }
        }
        return opts;
    }

    private static String neo4jVersion() {
        Package p = DatabaseManagementService.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "5.x" : v;
    }
}
