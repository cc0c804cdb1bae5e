package dev.mamori.risk.simulate;

import dev.mamori.risk.ResponseCode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./mamori simulate}: synthetic EC and face-to-face traffic with labelled fraud against a
 * running server, and a report of what was caught. A client of the server's public interfaces
 * only (JSON API and ISO 8583); no Spring, no database.
 *
 * <p>Exit codes: 0 the run finished (whatever was caught), 1 it could not run (server, key,
 * set-up or state file), 2 usage error.
 */
public final class SimulateCommand {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    static final String HELP = """
            Usage: ./mamori simulate --api-key KEY [options]

            Sends synthetic card payments to a running Mamori server: cardholders with homes,
            devices and usual shops paying at supermarkets, convenience stores, restaurants,
            marketplaces, game and electronics shops, hotels and travel agencies (about 60% EC),
            mixed with four labelled fraud scenarios: a credit-master burst, phished cards on
            high-risk goods, account takeover, and reshipping to drop addresses. Prints what the
            server approved, declined and challenged per scenario, the 3-D Secure outcomes
            (frictionless, challenged, passed, failed, abandoned, refused, approvals with liability
            shift), the false-positive rate on
            legitimate traffic, latency per interface, and the alerts and at-risk cards the
            server reported. Labels never leave the simulator.

              --url URL              the server's HTTP address (default http://localhost:8080)
              --api-key KEY          an API key of the issuer tenant with the roles admin (set-up),
                                     issuer (authorizations), analyst (reading the results) and
                                     psp (3-D Secure authentications, card tokens);
                                     the demo key ./mamori up prints has them all.
                                     Default: $MAMORI_API_KEY
              --iso-host HOST        ISO 8583 listener host (default: the host of --url)
              --iso-port PORT        ISO 8583 listener port (default 8583)
              --interface json|iso|both
                                     json: everything over POST /v1/authorizations; iso: everything
                                     over ISO 8583; both (default): face-to-face over ISO 8583,
                                     EC over JSON with every third EC payment over ISO 8583
              --setup                prepare the tenant first: a BIN route, one card account per
                                     cardholder, the starter rule set (activated) and one spelling
                                     of a drop address on the block list; prints what it created
              --cards N              cardholders to set up (default 200; with --setup only)
              --no-rules             with --setup: do not save and activate the starter rules
              --no-block-list        with --setup: do not block a drop address
              --transactions N       payments to send (default 2000)
              --rate R               payments per second, e.g. 50 or 50/s (default 50; 0: as fast
                                     as the server answers). One at a time, in order.
              --days D               simulated days the traffic covers (default 7); they are
                                     compressed into the run, see README "Simulate traffic"
              --seed S               the traffic's seed (default: the set-up's seed, 1 for --setup).
                                     Same seed, same traffic.
              --threeds share|off    share (default): EC payments that use 3-D Secure (each cardholder's
                                     usual share, and every payment at domestic electronics and game
                                     shops, which require it) run the real flow first: the card is
                                     tokenized (POST /v1/tokens), authenticated (POST
                                     /v1/threeds/authentications, the 3DS Method page if the ACS has
                                     one), and a challenge is answered on the ACS's pages: the
                                     cardholder types the code of their phone's authenticator app,
                                     a fraudster without the phone types wrong codes, cancels or
                                     walks away. Refused or failed authentications send no
                                     authorization; the others send theirs with the ECI and
                                     authentication value. The key also needs the psp (or merchant)
                                     role. off: 3-D Secure payments carry ECI 05 and no value.
            --json FILE            also write the report as JSON
              --state-file FILE      where the set-up is remembered
                                     (default ./data/simulate-<tenant>.json)
              --data-dir DIR         directory of the default state file (default ./data)

            Card numbers are never written to disk: the state file holds the seed, BIN prefix,
            card count and base year, from which every run regenerates the same cards. With
            --setup (unless --threeds off) every card is also enrolled for the ACS's challenge with
            an authenticator app (POST /v1/threeds/acs/enrolments): the simulated cardholders'
            phones. Their TOTP secrets are in the state file, which is therefore written readable
            by its owner only (mode 600): keep it private, as you would the phones.

            Exit code: 0 the run finished, 1 it could not run, 2 usage error.
            """;

    private SimulateCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** @param environment where {@code MAMORI_API_KEY} is looked up (tests pass their own) */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
                out.print(HELP);
                return OK;
            }
        }
        SimulationOptions options;
        try {
            options = SimulationOptions.parse(args, environment);
        } catch (SimulationOptions.UsageException e) {
            err.println("simulate: " + e.getMessage());
            err.println("Run './mamori simulate --help' for the options.");
            return USAGE;
        }
        try {
            return new Run(options, out, err).execute();
        } catch (Failure e) {
            err.println("simulate: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("simulate: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("simulate: interrupted");
            return FAILED;
        }
    }

    /** The run could not go on; the message says why and what to do. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private static final class Run {
        private final SimulationOptions options;
        private final PrintStream out;
        private final PrintStream err;
        private final ApiClient api;
        private final Merchants merchants = new Merchants();

        Run(SimulationOptions options, PrintStream out, PrintStream err) {
            this.options = options;
            this.out = out;
            this.err = err;
            this.api = new ApiClient(options.url, options.apiKey);
        }

        int execute() throws IOException, Failure, InterruptedException {
            String tenant = tenant();
            SimulationReport report = new SimulationReport();
            Path stateFile = options.stateFile(tenant);
            SimulationState state;
            if (options.setup) {
                out.println("Setting up tenant " + tenant + " for simulated traffic:");
                try {
                    state = new Setup(api, out).run(tenant, options, merchants);
                } catch (Setup.SetupException e) {
                    throw new Failure("set-up failed: " + e.getMessage());
                }
                state.write(stateFile);
                out.println("  state file     " + stateFile + " (seed, BIN prefix, card count: no card numbers"
                        + (state.phones.isEmpty() ? "" : "; the phones' authenticator secrets, readable by you only") + ")");
                report.setup.put("prefix", state.prefix);
                report.setup.put("cards", state.cards);
                report.setup.put("ruleVersion", state.ruleVersion);
                report.setup.put("blockListEntry", state.blockListEntry);
                report.setup.put("stateFile", stateFile.toString());
            } else {
                try {
                    state = SimulationState.read(stateFile);
                } catch (NoSuchFileException e) {
                    throw new Failure("no set-up for tenant " + tenant + " in " + stateFile + "; run once with --setup");
                }
                if (state.tenant != null && !state.tenant.equals(tenant)) {
                    throw new Failure(stateFile + " belongs to tenant " + state.tenant + ", but the key is of tenant " + tenant);
                }
            }
            long seed = options.seedGiven ? options.seed : state.seed;
            Population population = Population.generate(state.seed, state.prefix, state.cards, state.baseYear, merchants);
            TrafficGenerator.Traffic traffic = new TrafficGenerator(population, merchants, seed, options.days)
                    .generate(options.transactions);
            report.run.put("tenant", tenant);
            report.run.put("seed", seed);
            report.run.put("interface", options.interfaces.name().toLowerCase(Locale.ROOT));
            report.run.put("cards", state.cards);
            report.run.put("transactions", traffic.events.size());
            report.run.put("days", options.days);
            report.run.put("rate", options.rate);
            Map<String, Object> plan = new java.util.LinkedHashMap<>();
            for (Scenario s : Scenario.values()) {
                plan.put(s.id(), traffic.count(s));
            }
            report.run.put("planned", plan);
            report.run.put("stolenCards", traffic.stolenCards);
            report.run.put("takenOverCards", traffic.takenOverCards);
            report.run.put("reshippingCards", traffic.reshippingCards);
            out.println("Sending " + traffic.events.size() + " payments (" + plan.toString().replace("{", "").replace("}", "") + ") to "
                    + options.url + (options.interfaces == SimulationOptions.Interfaces.JSON ? ""
                    : " and ISO 8583 " + options.isoHost + ":" + options.isoPort) + (options.rate > 0 ? " at " + options.rate + "/s" : "")
                    + "...");
            Map<Integer, SimulatedPhone> phones = new java.util.HashMap<>();
            state.phones.forEach((card, secret) -> phones.put(card, new SimulatedPhone(secret, java.time.Clock.systemUTC())));
            report.run.put("threeDs", options.threeDs ? "share" : "off");
            report.run.put("phones", phones.size());
            if (options.threeDs && phones.isEmpty()) {
                err.println("simulate: the state file has no phones (set up before 3-D Secure): cardholders cannot pass a challenge;"
                        + " run --setup again to enrol the cards");
            }
            send(traffic, state.cards, phones, report);
            readServer(report);
            report.print(out);
            if (options.jsonReport != null) {
                Path parent = options.jsonReport.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(options.jsonReport, Json.pretty(report.toMap()), StandardCharsets.UTF_8);
                out.println("JSON report: " + options.jsonReport);
            }
            return OK;
        }

        private String tenant() throws IOException, Failure {
            ApiClient.Reply reply;
            try {
                reply = api.get("/v1/tenants/current");
            } catch (IOException e) {
                throw new Failure("cannot reach " + options.url + ": " + e.getMessage() + " (is the server running? ./mamori up)");
            }
            if (reply.status() == 401) {
                throw new Failure("the server refused the API key (" + reply.problem() + ")");
            }
            if (!reply.ok()) {
                throw new Failure("GET /v1/tenants/current answered " + reply.problem());
            }
            String id = Json.string(Json.object(reply.json()), "id");
            if (id == null || !id.matches("[0-9a-fA-F-]{36}")) {
                throw new Failure("GET /v1/tenants/current did not name a tenant");
            }
            return id;
        }

        private void send(TrafficGenerator.Traffic traffic, int cards, Map<Integer, SimulatedPhone> phones, SimulationReport report)
                throws IOException, Failure, InterruptedException {
            ThreeDsFlow flow = options.threeDs ? new ThreeDsFlow(api, options.url) : null;
            JsonTransport json = options.interfaces == SimulationOptions.Interfaces.ISO ? null : new JsonTransport(api);
            IsoTransport iso = null;
            if (options.interfaces != SimulationOptions.Interfaces.JSON) {
                iso = new IsoTransport(options.isoHost, options.isoPort);
                try {
                    iso.connect();
                } catch (IOException e) {
                    throw new Failure("cannot connect to the ISO 8583 listener at " + options.isoHost + ":" + options.isoPort + " ("
                            + e.getClass().getSimpleName() + "); use --iso-host/--iso-port, or --interface json");
                }
            }
            // Trace numbers carry the run (RRN: 5 characters of the start time, then the sequence), so a
            // rerun with the same seed is new traffic to the server, not duplicates of the last run.
            String runTag = Long.toString(System.currentTimeMillis() / 1000, 36).toUpperCase(Locale.ROOT);
            runTag = runTag.substring(Math.max(0, runTag.length() - 5));
            report.run.put("rrnPrefix", runTag);
            LocalDateTime day0 = LocalDate.now(TOKYO).minusDays(options.days - 1L).atStartOfDay();
            Instant started = Instant.now();
            report.run.put("startedAt", started.toString());
            boolean[] compromisedCards = new boolean[cards];
            long t0 = System.nanoTime();
            try {
                for (int i = 0; i < traffic.events.size(); i++) {
                    SimEvent e = traffic.events.get(i);
                    if (options.rate > 0) {
                        long due = t0 + (long) (i * 1e9 / options.rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                    boolean compromised = e.cardholder >= 0 && compromisedCards[e.cardholder];
                    if (e.scenario.fraud() && e.cardholder >= 0) {
                        compromisedCards[e.cardholder] = true;
                    }
                    ThreeDsFlow.Authentication authentication = null;
                    if (flow != null && ThreeDsFlow.usesThreeDs(e)) {
                        try {
                            authentication = authenticate(flow, e, phones);
                        } catch (ThreeDsFlow.NotAllowed ex) {
                            throw new Failure(ex.getMessage() + " (3-D Secure needs the psp or merchant role; or use --threeds off)");
                        }
                        report.recordThreeDs(e, authentication, compromised);
                        if (!authentication.result().authorize()) {
                            continue; // refused or not passed: the merchant sends no authorization
                        }
                        e = authentication.carriesThreeDs()
                                ? e.withThreeDs(authentication.eci(), authentication.authenticationValue(), authentication.transStatus())
                                : e.withThreeDs(null, null, null);
                    }
                    Transport transport = transport(e, json, iso);
                    String stan = String.format("%06d", e.sequence % 1_000_000);
                    String rrn = runTag + String.format("%07d", e.sequence % 10_000_000);
                    Outcome outcome = transport.send(e, stan, rrn, day0.plusSeconds(e.offsetSeconds));
                    report.record(e, transport.name(), outcome, compromised);
                    if (authentication != null) {
                        report.recordAuthorizationAfterThreeDs(e, authentication, outcome);
                    }
                    if (i == 0 && !outcome.decided() && outcome.error().startsWith("HTTP 403")) {
                        throw new Failure("POST /v1/authorizations answered " + outcome.error()
                                + " (the key needs the issuer, acquirer or psp role)");
                    }
                    if ((i + 1) % 1000 == 0) {
                        out.println("  " + (i + 1) + " sent");
                    }
                }
            } finally {
                report.elapsedNanos = System.nanoTime() - t0;
                report.run.put("finishedAt", Instant.now().toString());
                if (iso != null) {
                    iso.close();
                }
            }
        }

        /** Fraudsters have no phone: by turns they type wrong codes, cancel, or walk away. */
        private ThreeDsFlow.Authentication authenticate(ThreeDsFlow flow, SimEvent e, Map<Integer, SimulatedPhone> phones)
                throws InterruptedException {
            ThreeDsFlow.Behaviour behaviour = !e.scenario.fraud() ? ThreeDsFlow.Behaviour.CARDHOLDER : switch (e.sequence % 3) {
                case 0 -> ThreeDsFlow.Behaviour.WRONG_CODE;
                case 1 -> ThreeDsFlow.Behaviour.CANCEL;
                default -> ThreeDsFlow.Behaviour.WALK_AWAY;
            };
            try {
                return flow.authenticate(e, behaviour, e.scenario.fraud() ? null : phones.get(e.cardholder));
            } catch (ThreeDsFlow.NotAllowed ex) {
                throw ex;
            } catch (IOException | RuntimeException ex) {
                return new ThreeDsFlow.Authentication(ThreeDsFlow.Result.ERROR, null, null, null, false,
                        ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
            }
        }

        private Transport transport(SimEvent e, JsonTransport json, IsoTransport iso) {
            return switch (options.interfaces) {
                case JSON -> json;
                case ISO -> iso;
                case BOTH -> e.channel == SimEvent.Channel.F2F || e.sequence % 3 == 0 ? iso : json;
            };
        }

        /** The decision log rows of this run (by its RRN prefix), alerts and at-risk cards since it started. */
        private void readServer(SimulationReport report) {
            String tag = (String) report.run.get("rrnPrefix");
            Instant from = Instant.parse((String) report.run.get("startedAt")).minusSeconds(5);
            Instant to = Instant.parse((String) report.run.get("finishedAt")).plusSeconds(5);
            try {
                Set<String> seen = new HashSet<>();
                Map<String, Long> byCode = new TreeMap<>();
                Instant upper = to;
                while (true) {
                    ApiClient.Reply page = api.get("/v1/authorizations?limit=1000&from=" + encode(from) + "&to=" + encode(upper));
                    if (!page.ok()) {
                        report.serverError = "GET /v1/authorizations answered " + page.problem() + " (reading needs the issuer or analyst role)";
                        return;
                    }
                    List<Object> rows = Json.array(page.json());
                    int fresh = 0;
                    Instant oldest = upper;
                    for (Object row : rows) {
                        Map<String, Object> d = Json.object(row);
                        if (!seen.add(Json.string(d, "id"))) {
                            continue;
                        }
                        fresh++;
                        Instant at = Instant.parse(Json.string(d, "receivedAt"));
                        oldest = at.isBefore(oldest) ? at : oldest;
                        String rrn = Json.string(d, "rrn");
                        if (rrn != null && rrn.startsWith(tag) && rrn.length() == 12 && !"REVERSAL".equals(Json.string(d, "kind"))) {
                            byCode.merge(code(Json.string(d, "responseCode")), 1L, Long::sum);
                        }
                    }
                    if (rows.size() < 1000 || fresh == 0) {
                        break;
                    }
                    upper = oldest.plusNanos(1_000); // 'to' is exclusive: overlap by a microsecond, drop repeats by id
                }
                report.serverByCode = byCode;
                report.serverDecisions = byCode.values().stream().mapToLong(Long::longValue).sum();

                ApiClient.Reply alerts = api.get("/v1/risk/alerts?limit=1000");
                if (alerts.ok()) {
                    report.alerts = Json.array(alerts.json()).stream().map(Json::object)
                            .filter(a -> !Instant.parse(Json.string(a, "createdAt")).isBefore(from))
                            .map(a -> Json.string(a, "kind") + ": " + Json.string(a, "detail")).toList();
                }
                ApiClient.Reply cards = api.get("/v1/cards?atRisk=true&limit=500");
                if (cards.ok()) {
                    List<Map<String, Object>> list = Json.array(cards.json()).stream().map(Json::object).toList();
                    report.atRiskCards = (long) list.size();
                    report.atRiskCardsOfThisRun = list.stream().filter(c -> Json.string(c, "atRiskSince") != null
                            && !Instant.parse(Json.string(c, "atRiskSince")).isBefore(from)).count();
                }
            } catch (IOException | RuntimeException e) {
                report.serverError = "reading the results failed: " + e.getMessage();
                err.println("simulate: " + report.serverError);
            }
        }

        private static String encode(Instant instant) {
            return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
        }

        /** {@code APPROVED} (the log's enum name) or {@code 00}: the two-character code. */
        private static String code(String value) {
            if (value == null) {
                return "?";
            }
            if (value.length() == 2) {
                return value;
            }
            try {
                return ResponseCode.valueOf(value).code();
            } catch (IllegalArgumentException e) {
                return value;
            }
        }
    }
}
