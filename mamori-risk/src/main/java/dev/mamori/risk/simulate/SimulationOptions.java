package dev.mamori.risk.simulate;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The options of {@code ./mamori simulate}. Not a record: it holds the API key, which
 * {@link #toString()} leaves out.
 */
public final class SimulationOptions {
    /** Which interface carries which payments. */
    public enum Interfaces {
        /** Everything over {@code POST /v1/authorizations}. */
        JSON,
        /** Everything over ISO 8583. */
        ISO,
        /** Face-to-face over ISO 8583; EC over JSON, every third EC payment over ISO 8583 (field 48). */
        BOTH
    }

    String url = "http://localhost:8080";
    String apiKey;
    String isoHost;
    int isoPort = 8583;
    Interfaces interfaces = Interfaces.BOTH;
    int cards = 200;
    int transactions = 2_000;
    double rate = 50;
    long seed = 1;
    boolean seedGiven;
    int days = 7;
    boolean setup;
    boolean rules = true;
    boolean blockList = true;
    /** share: EC payments that use 3-D Secure run the real flow; off: they carry ECI 05 and no value, as before. */
    boolean threeDs = true;
    Path jsonReport;
    Path stateFile;
    Path dataDir = Path.of("data");

    public SimulationOptions() {
    }

    /** Reads the command line after {@code simulate}; the API key may come from {@code MAMORI_API_KEY}. */
    static SimulationOptions parse(String[] args, Map<String, String> environment) throws UsageException {
        SimulationOptions o = new SimulationOptions();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--setup" -> o.setup = true;
                case "--no-rules" -> o.rules = false;
                case "--no-block-list" -> o.blockList = false;
                case "--url", "--api-key", "--iso-host", "--iso-port", "--interface", "--cards", "--transactions", "--rate", "--seed",
                     "--days", "--threeds", "--json", "--state-file", "--data-dir" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    o.set(name, value);
                }
                default -> throw new UsageException("unknown option: " + arg);
            }
        }
        if (o.apiKey == null || o.apiKey.isBlank()) {
            o.apiKey = environment.get("MAMORI_API_KEY");
        }
        if (o.apiKey == null || o.apiKey.isBlank()) {
            throw new UsageException("an API key is required: --api-key KEY or the MAMORI_API_KEY environment variable");
        }
        if (!o.url.startsWith("http://") && !o.url.startsWith("https://")) {
            throw new UsageException("--url must start with http:// or https://");
        }
        if (o.isoHost == null) {
            o.isoHost = java.net.URI.create(o.url).getHost();
        }
        return o;
    }

    private void set(String name, String value) throws UsageException {
        switch (name) {
            case "--url" -> url = value;
            case "--api-key" -> apiKey = value;
            case "--iso-host" -> isoHost = value;
            case "--iso-port" -> isoPort = number(name, value, 1, 65_535);
            case "--interface" -> {
                try {
                    interfaces = Interfaces.valueOf(value.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--interface must be json, iso or both, not '" + value + "'");
                }
            }
            case "--threeds" -> {
                switch (value.toLowerCase(Locale.ROOT)) {
                    case "share" -> threeDs = true;
                    case "off" -> threeDs = false;
                    default -> throw new UsageException("--threeds must be share or off, not '" + value + "'");
                }
            }
            case "--cards" -> cards = number(name, value, 1, 100_000);
            case "--transactions" -> transactions = number(name, value, 1, 10_000_000);
            case "--rate" -> {
                String digits = value.endsWith("/s") ? value.substring(0, value.length() - 2) : value;
                try {
                    rate = Double.parseDouble(digits);
                } catch (NumberFormatException e) {
                    throw new UsageException("--rate must be transactions per second such as 50 or 50/s (0: as fast as possible)");
                }
                if (!(rate >= 0) || rate > 100_000) {
                    throw new UsageException("--rate must be between 0 and 100000 per second");
                }
            }
            case "--seed" -> {
                try {
                    seed = Long.parseLong(value);
                    seedGiven = true;
                } catch (NumberFormatException e) {
                    throw new UsageException("--seed must be a whole number");
                }
            }
            case "--days" -> days = number(name, value, 1, 365);
            case "--json" -> jsonReport = Path.of(value);
            case "--state-file" -> stateFile = Path.of(value);
            case "--data-dir" -> dataDir = Path.of(value);
            default -> throw new UsageException("unknown option: " + name);
        }
    }

    private static int number(String name, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new UsageException(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number");
        }
    }

    /** The state file for a tenant: {@code --state-file}, or {@code <data-dir>/simulate-<tenant>.json}. */
    Path stateFile(String tenant) {
        return stateFile != null ? stateFile : dataDir.resolve("simulate-" + tenant + ".json");
    }

    @Override
    public String toString() {
        return "SimulationOptions[url=" + url + ", iso=" + isoHost + ":" + isoPort + ", interface=" + interfaces.name().toLowerCase(Locale.ROOT)
                + ", cards=" + cards + ", transactions=" + transactions + ", rate=" + rate + ", seed=" + seed + ", days=" + days
                + ", setup=" + setup + ", threeds=" + (threeDs ? "share" : "off") + "]";
    }

    /** A command-line mistake; exit code 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
