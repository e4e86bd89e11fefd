package org.pubgraph.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * {@code validate-config <neo4j.conf>}: reads a neo4j.conf with Neo4j's own {@link Config}, as the server does
 * at startup, with strict validation on, and prints one JSON verdict on stdout. Lets a test check the
 * configuration a deployment (docker-compose.yml) would give the Neo4j server, without Docker and without
 * starting a database: the jars are the same 5.26 ones the embedded launcher runs.
 *
 * <p>Strict validation is forced on even if the file turns it off: the point is to refuse every line that is
 * not a declared setting, which a lenient server would only log.
 *
 * <p>Verdicts: {@code {"valid":true,"explicit":{name:value,...},"warnings":[...]}} (exit 0), where
 * {@code explicit} lists every setting the file set, as Neo4j parsed it, and {@code warnings} what Neo4j
 * logged while reading it (deprecations, renames); or {@code {"valid":false,"error":"..."}} (exit 1) with
 * Neo4j's own message. Usage errors exit 2.
 */
public final class ValidateConfig {
    private ValidateConfig() {}

    public static void main(String[] args) {
        // Keep stdout for the verdict only: anything a library prints there goes to stderr.
        PrintStream verdict = System.out;
        System.setOut(System.err);

        if (args.length != 1) {
            System.err.println("usage: ValidateConfig <path to neo4j.conf>");
            System.exit(2);
            return;
        }
        Path file = Path.of(args[0]);
        if (!Files.isReadable(file)) {
            System.err.println("cannot read " + file.toAbsolutePath() + ": pass the path of a neo4j.conf file");
            System.exit(2);
            return;
        }

        Config config;
        try {
            config = Config.newBuilder()
                    .fromFile(file)
                    .set(GraphDatabaseSettings.strict_config_validation, true)
                    .build();
        } catch (RuntimeException e) {
            verdict.println("{\"valid\":false,\"error\":" + json(String.valueOf(e.getMessage())) + "}");
            verdict.flush();
            System.exit(1);
            return;
        }

        // Config buffers what it wants to log until it is given a logger; replay that into a buffer.
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        try (Log4jLogProvider logs = new Log4jLogProvider(logged, Level.WARN)) {
            config.setLogger(logs.getLog(Config.class));
        }
        List<String> warnings = new ArrayList<>();
        for (String line : logged.toString(StandardCharsets.UTF_8).split("\n")) {
            // Drop the log line's timestamp, so equal configurations give equal verdicts.
            if (!line.isBlank()) warnings.add(line.strip().replaceFirst("^\\d{4}-\\d\\d-\\d\\d \\S+\\s+", ""));
        }

        Map<String, String> explicit = new TreeMap<>();
        for (Map.Entry<String, Setting<Object>> e : config.getDeclaredSettings().entrySet()) {
            if (config.isExplicitlySet(e.getValue())) {
                explicit.put(e.getKey(), String.valueOf(config.get(e.getValue())));
            }
        }
        // The setting this command forces on is not the file's: leave it out unless the file set it too.
        if (!fileMentions(file, GraphDatabaseSettings.strict_config_validation.name())) {
            explicit.remove(GraphDatabaseSettings.strict_config_validation.name());
        }

        StringBuilder out = new StringBuilder("{\"valid\":true,\"explicit\":{");
        String sep = "";
        for (Map.Entry<String, String> e : explicit.entrySet()) {
            out.append(sep).append(json(e.getKey())).append(':').append(json(e.getValue()));
            sep = ",";
        }
        out.append("},\"warnings\":[");
        sep = "";
        for (String w : warnings) {
            out.append(sep).append(json(w));
            sep = ",";
        }
        out.append("]}");
        verdict.println(out);
        verdict.flush();
        System.exit(0);
    }

    private static boolean fileMentions(Path file, String setting) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.strip().startsWith(setting + "=")) return true;
            }
            return false;
        } catch (java.io.IOException e) {
            return true; // it was readable a moment ago; keep the setting rather than guess
        }
    }

    /** A JSON string literal (RFC 8259 escapes). */
    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
