package dev.mamori.server.threeds;

import com.sun.net.httpserver.HttpServer;
import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.TenantId;
import dev.mamori.threeds.AuthenticationContext;
import dev.mamori.threeds.AuthenticationRiskDecider;
import dev.mamori.threeds.AuthenticationValueIssuer;
import dev.mamori.threeds.ChallengeAuthenticator;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.RiskDecision;
import dev.mamori.threeds.TransStatus;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Honest stand-ins for the ACS's collaborators in its integration tests: a risk decision the test
 * sets, OTP challenges whose code is 123456, a hash-bound authentication value, and a Directory
 * Server on a real HTTP port that keeps every RReq it receives. {@code @Primary}, so they win
 * over the real beans once those are merged.
 */
@TestConfiguration
class AcsITParts {
    static volatile RiskDecision decision = frictionless();
    static volatile List<ChallengeMethod> methods = List.of(ChallengeMethod.SMS_OTP);
    static final List<AuthenticationContext> asked = new CopyOnWriteArrayList<>();
    static final List<ThreeDsMessage> rreqs = new CopyOnWriteArrayList<>();
    static final HttpServer ds = startDs();

    static RiskDecision frictionless() {
        return new RiskDecision(TransStatus.Y, null, 20, List.of("known-device"), RiskDecision.Exemption.TRANSACTION_RISK_ANALYSIS);
    }

    static RiskDecision challenge() {
        return new RiskDecision(TransStatus.C, null, 500, List.of("new-device"), RiskDecision.Exemption.NONE);
    }

    static String dsUrl() {
        return "http://127.0.0.1:" + ds.getAddress().getPort() + "/threeds/ds/rreq";
    }

    static ThreeDsMessage rreqFor(String acsTransId) {
        return rreqs.stream().filter(r -> acsTransId.equals(r.text("acsTransID"))).findFirst().orElse(null);
    }

    private static HttpServer startDs() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/threeds/ds/rreq", exchange -> {
                byte[] answer;
                try {
                    ThreeDsMessage rreq = ThreeDsMessage.parse(exchange.getRequestBody().readAllBytes());
                    rreqs.add(rreq);
                    ObjectNode rres = JsonNodeFactory.instance.objectNode();
                    rres.put("messageType", "RRes");
                    rres.put("messageVersion", rreq.version());
                    rres.put("threeDSServerTransID", rreq.text("threeDSServerTransID"));
                    rres.put("acsTransID", rreq.text("acsTransID"));
                    rres.put("dsTransID", rreq.text("dsTransID"));
                    rres.put("resultsStatus", "01");
                    answer = ThreeDsMessage.of(rres).toBytes();
                } catch (Exception e) {
                    answer = "{}".getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Bean
    @Primary
    AuthenticationRiskDecider testDecider() {
        return context -> {
            asked.add(context);
            return decision;
        };
    }

    @Bean
    @Primary
    AuthenticationValueIssuer testValues() {
        return payment -> {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest((payment.pan().reveal(InsecurePanAccess.get()) + "|"
                        + payment.amountMinor() + "|" + payment.merchantId() + "|" + payment.acsTransId()).getBytes(StandardCharsets.UTF_8));
                return Base64.getEncoder().encodeToString(Arrays.copyOf(hash, 20));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Bean
    @Primary
    ChallengeAuthenticator testChallenges() {
        return new ChallengeAuthenticator() {
            private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

            @Override
            public List<ChallengeMethod> methods(TenantId tenant, String cardFingerprint) {
                return methods;
            }

            @Override
            public Challenge start(TenantId tenant, String cardFingerprint, String acsTransId, ChallengeMethod method, Locale locale) {
                attempts.put(acsTransId, 3);
                return new Challenge(method, "m***@example.jp", Instant.now().plusSeconds(300), 3, 2);
            }

            @Override
            public Challenge resend(TenantId tenant, String acsTransId, Locale locale) {
                return new Challenge(ChallengeMethod.SMS_OTP, "m***@example.jp", Instant.now().plusSeconds(300), attempts.get(acsTransId), 1);
            }

            @Override
            public Verdict verify(TenantId tenant, String acsTransId, String answer) {
                int left = attempts.getOrDefault(acsTransId, 0);
                if (left == 0) {
                    return new Verdict(Outcome.LOCKED, 0);
                }
                if ("123456".equals(answer)) {
                    attempts.put(acsTransId, 0);
                    return new Verdict(Outcome.SUCCESS, left);
                }
                attempts.put(acsTransId, left - 1);
                return new Verdict(left == 1 ? Outcome.LOCKED : Outcome.WRONG, left - 1);
            }
        };
    }
}
