package dev.mamori.threeds.acs;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.threeds.AuthenticatedPayment;
import dev.mamori.threeds.AuthenticationContext;
import dev.mamori.threeds.AuthenticationRiskDecider;
import dev.mamori.threeds.AuthenticationValueIssuer;
import dev.mamori.threeds.ChallengeAuthenticator;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.RiskDecision;
import dev.mamori.threeds.message.MessageType;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Small honest implementations of the ACS's collaborators for its tests. */
final class AcsTestParts {
    private AcsTestParts() {
    }

    /** Cards by number; the fingerprint is a hash of the digits (as the vault's keyed fingerprint would be). */
    static final class Cards implements CardDirectory {
        private final Map<String, Card> cards = new HashMap<>();

        void add(String digits, TenantId issuer) {
            cards.put(digits, new Card(issuer, sha256(digits), Pan.of(digits).brand()));
        }

        @Override
        public java.util.Optional<Card> find(Pan pan) {
            return java.util.Optional.ofNullable(cards.get(pan.reveal(InsecurePanAccess.get())));
        }
    }

    /** Answers what the test set and remembers each context it was asked about. */
    static final class Decider implements AuthenticationRiskDecider {
        volatile RiskDecision next = new RiskDecision(dev.mamori.threeds.TransStatus.Y, null, 50, List.of("known-device"),
                RiskDecision.Exemption.TRANSACTION_RISK_ANALYSIS);
        final List<AuthenticationContext> asked = new CopyOnWriteArrayList<>();

        @Override
        public RiskDecision decide(AuthenticationContext context) {
            asked.add(context);
            return next;
        }
    }

    /**
     * OTP challenges with a fixed code per transaction ("123456"), 3 attempts, 2 resends; out of band
     * answers with the verdict the test sets.
     */
    static final class Challenges implements ChallengeAuthenticator {
        final Map<String, List<ChallengeMethod>> enrolled = new HashMap<>();
        final Map<String, Integer> attempts = new HashMap<>();
        final Map<String, Integer> resends = new HashMap<>();
        final Map<String, ChallengeMethod> running = new HashMap<>();
        final List<String> sent = new ArrayList<>();
        volatile Outcome appVerdict = Outcome.PENDING;
        volatile boolean refuseStart;
        /** Whether the ACS's row existed when each challenge started (the real authenticator reads the purchase from it). */
        final List<Boolean> rowSeenAtStart = new ArrayList<>();
        volatile java.util.function.Predicate<String> rowExists = id -> true;

        @Override
        public synchronized List<ChallengeMethod> methods(TenantId tenant, String cardFingerprint) {
            return enrolled.getOrDefault(cardFingerprint, List.of());
        }

        @Override
        public synchronized Challenge start(TenantId tenant, String cardFingerprint, String acsTransId, ChallengeMethod method,
                                            Locale locale) throws ChallengeRefused {
            if (refuseStart || !methods(tenant, cardFingerprint).contains(method)) {
                throw new ChallengeRefused("not-enrolled", "not enrolled");
            }
            rowSeenAtStart.add(rowExists.test(acsTransId));
            attempts.put(acsTransId, 3);
            resends.put(acsTransId, 2);
            running.put(acsTransId, method);
            sent.add(acsTransId);
            return new Challenge(method, "***-****-5678", Instant.parse("2030-01-01T00:00:00Z"), 3, 2);
        }

        @Override
        public synchronized Challenge resend(TenantId tenant, String acsTransId, Locale locale) throws ChallengeRefused {
            int left = resends.getOrDefault(acsTransId, 0);
            if (left == 0) {
                throw new ChallengeRefused("resend-limit", "no more resends");
            }
            resends.put(acsTransId, left - 1);
            sent.add(acsTransId);
            return new Challenge(running.get(acsTransId), "***-****-5678", Instant.parse("2030-01-01T00:00:00Z"),
                    attempts.get(acsTransId), left - 1);
        }

        @Override
        public synchronized Verdict verify(TenantId tenant, String acsTransId, String answer) {
            if (running.get(acsTransId) == ChallengeMethod.OUT_OF_BAND) {
                return new Verdict(appVerdict, 0);
            }
            int left = attempts.getOrDefault(acsTransId, 0);
            if (left == 0) {
                return new Verdict(Outcome.LOCKED, 0);
            }
            if ("123456".equals(answer)) {
                attempts.put(acsTransId, 0);
                return new Verdict(Outcome.SUCCESS, left);
            }
            attempts.put(acsTransId, left - 1);
            return new Verdict(left - 1 == 0 ? Outcome.LOCKED : Outcome.WRONG, left - 1);
        }
    }

    /** A value bound to card, amount, merchant and transaction: a hash of them, cut to 20 bytes. */
    static final class Values implements AuthenticationValueIssuer {
        final List<AuthenticatedPayment> issued = new CopyOnWriteArrayList<>();

        @Override
        public String issue(AuthenticatedPayment p) {
            issued.add(p);
            String bound = p.pan().reveal(InsecurePanAccess.get()) + "|" + p.amountMinor() + "|" + p.merchantId() + "|" + p.acsTransId();
            return Base64.getEncoder().encodeToString(Arrays.copyOf(sha256Bytes(bound), 20));
        }
    }

    /** A DS that answers every RReq with an RRes (or fails, when told to) and keeps what it received. */
    static final class Ds implements DirectoryServerClient {
        final List<ThreeDsMessage> received = new CopyOnWriteArrayList<>();
        volatile boolean down;

        @Override
        public ThreeDsMessage sendResult(ThreeDsMessage rreq) throws IOException {
            if (down) {
                throw new IOException("connection refused");
            }
            received.add(rreq);
            ObjectNode rres = JsonNodeFactory.instance.objectNode();
            rres.put("messageType", MessageType.RRes.name());
            rres.put("messageVersion", rreq.version());
            rres.put("threeDSServerTransID", rreq.text("threeDSServerTransID"));
            rres.put("acsTransID", rreq.text("acsTransID"));
            rres.put("dsTransID", rreq.text("dsTransID"));
            rres.put("resultsStatus", "01");
            return ThreeDsMessage.of(rres);
        }
    }

    static String sha256(String text) {
        return java.util.HexFormat.of().formatHex(sha256Bytes(text));
    }

    private static byte[] sha256Bytes(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
