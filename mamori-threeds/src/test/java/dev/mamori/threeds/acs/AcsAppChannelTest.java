package dev.mamori.threeds.acs;

import dev.mamori.risk.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWSObject;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.RiskDecision;
import dev.mamori.threeds.TransStatus;
import dev.mamori.threeds.message.MessageType;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The app channel's security: acsSignedContent and the JWE CReq/CRes between the 3DS SDK and the ACS. */
class AcsAppChannelTest {
    MovableClock clock = new MovableClock(Instant.parse("2026-11-26T10:00:00Z"));
    AcsTestParts.Cards cards = new AcsTestParts.Cards();
    AcsTestParts.Decider decider = new AcsTestParts.Decider();
    AcsTestParts.Challenges challenges = new AcsTestParts.Challenges();
    AcsTestParts.Values values = new AcsTestParts.Values();
    AcsTestParts.Ds ds = new AcsTestParts.Ds();
    AcsSigningKey signingKey = AcsSigningKey.selfSigned();
    Acs acs;

    @BeforeEach
    void setUp() {
        cards.add(AcsTest.VISA, AcsTest.ISSUER);
        challenges.enrolled.put(AcsTestParts.sha256(AcsTest.VISA), List.of(ChallengeMethod.SMS_OTP));
        acs = new Acs(AcsTestDatabase.create("acsapp"), cards, decider, challenges, values, ds,
                new AcsSettings("mamori-acs-ref", "mamori-acs-op", () -> URI.create("http://acs.test/threeds/acs/challenge"),
                        Duration.ofMinutes(10), Duration.ofSeconds(30)), clock, signingKey);
        challenges.rowExists = id -> acs.transaction(id).isPresent();
        decider.next = new RiskDecision(TransStatus.C, null, 500, List.of("new-device"), RiskDecision.Exemption.NONE);
    }

    /** An app AReq with the SDK's key, answered C; the SDK has checked acsSignedContent. */
    ThreeDsMessage challenge(TestSdk sdk) throws Exception {
        ObjectNode areq = AcsTest.appAReq(AcsTest.VISA);
        sdk.putInto(areq);
        ThreeDsMessage ares = acs.handleAReq(ThreeDsMessage.of(areq));
        assertThat(ares.text("transStatus")).isEqualTo("C");
        sdk.accept(ares);
        return ares;
    }

    static ObjectNode creq(ThreeDsMessage ares, String counter, String code) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("threeDSServerTransID", ares.text("threeDSServerTransID"));
        c.put("acsTransID", ares.text("acsTransID"));
        c.put("sdkTransID", ares.text("sdkTransID"));
        c.put("messageType", "CReq");
        c.put("messageVersion", ares.version());
        c.put("sdkCounterStoA", counter);
        if (code != null) {
            c.put("challengeDataEntry", code);
        }
        return c;
    }

    @Test
    void appAresCarriesAValidSignedContentAndPassesTheValidator() throws Exception {
        TestSdk sdk = new TestSdk(signingKey.chain().get(0));
        ThreeDsMessage ares = challenge(sdk);
        AcsTest.assertValid(ares, MessageType.ARes, DeviceChannel.APP);
        JWSObject jws = JWSObject.parse(ares.text("acsSignedContent"));
        assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jws.getHeader().getX509CertChain()).hasSize(1);
        Map<String, Object> payload = jws.getPayload().toJSONObject();
        assertThat(payload).containsKeys("acsTransID", "acsRefNumber", "acsURL", "acsEphemPubKey");
        assertThat(payload.get("acsURL")).isEqualTo("http://acs.test/threeds/acs/app-challenge");
        @SuppressWarnings("unchecked")
        Map<String, Object> key = (Map<String, Object>) payload.get("acsEphemPubKey");
        assertThat(key).containsEntry("kty", "EC").containsEntry("crv", "P-256").doesNotContainKey("d");

        // A fresh ephemeral key per transaction.
        ThreeDsMessage other = challenge(new TestSdk(signingKey.chain().get(0)));
        assertThat(JWSObject.parse(other.text("acsSignedContent")).getPayload().toJSONObject().get("acsEphemPubKey")).isNotEqualTo(key);
    }

    @Test
    void anSdkTrustingAnotherCertificateRefusesTheSignedContent() throws Exception {
        TestSdk sdk = new TestSdk(AcsSigningKey.selfSigned().chain().get(0));
        ObjectNode areq = AcsTest.appAReq(AcsTest.VISA);
        sdk.putInto(areq);
        ThreeDsMessage ares = acs.handleAReq(ThreeDsMessage.of(areq));
        assertThatThrownBy(() -> sdk.accept(ares)).isInstanceOf(SecurityException.class);
    }

    @Test
    void aSignedContentWithAChangedPayloadDoesNotVerify() throws Exception {
        TestSdk sdk = new TestSdk(signingKey.chain().get(0));
        ObjectNode areq = AcsTest.appAReq(AcsTest.VISA);
        sdk.putInto(areq);
        ThreeDsMessage ares = acs.handleAReq(ThreeDsMessage.of(areq));
        String[] parts = ares.text("acsSignedContent").split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("app-challenge", "evil-challenge");
        ObjectNode forged = ares.json().deepCopy();
        forged.put("acsSignedContent", parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        assertThatThrownBy(() -> sdk.accept(ThreeDsMessage.of(forged))).isInstanceOf(SecurityException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void anAppAreqWithoutAUsableSdkKeyIsRefused() {
        ObjectNode areq = AcsTest.appAReq(AcsTest.VISA);
        ObjectNode key = areq.putObject("sdkEphemPubKey");
        key.put("kty", "EC");
        key.put("crv", "P-256");
        key.put("x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        key.put("y", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        ThreeDsMessage erro = acs.handleAReq(ThreeDsMessage.of(areq));
        assertThat(erro.type()).isEqualTo(MessageType.Erro);
        assertThat(erro.text("errorCode")).isEqualTo("203");
        assertThat(erro.text("errorDetail")).isEqualTo("sdkEphemPubKey");
        assertThat(ds.received).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A128CBC-HS256", "A128GCM"})
    void aFullEncryptedChallenge(String encName) throws Exception {
        EncryptionMethod enc = EncryptionMethod.parse(encName);
        TestSdk sdk = new TestSdk(signingKey.chain().get(0));
        ThreeDsMessage ares = challenge(sdk);

        Acs.AppAnswer first = acs.handleEncryptedAppCReq(sdk.encrypt(creq(ares, "000", null), enc));
        assertThat(first.encrypted()).isTrue();
        assertThat(new String(first.body(), StandardCharsets.US_ASCII)).doesNotContain("challengeInfoText");
        ThreeDsMessage screen = sdk.decrypt(first.body(), enc);
        assertThat(screen.type()).isEqualTo(MessageType.CRes);
        assertThat(screen.text("acsCounterAtoS")).isEqualTo("000");
        assertThat(screen.text("challengeCompletionInd")).isEqualTo("N");
        AcsTest.assertValid(screen, MessageType.CRes, DeviceChannel.APP);

        Acs.AppAnswer done = acs.handleEncryptedAppCReq(sdk.encrypt(creq(ares, "001", "123456"), enc));
        ThreeDsMessage cres = sdk.decrypt(done.body(), enc);
        assertThat(cres.text("transStatus")).isEqualTo("Y");
        assertThat(cres.text("challengeCompletionInd")).isEqualTo("Y");
        assertThat(cres.text("acsCounterAtoS")).isEqualTo("001");
        assertThat(ds.received.get(0).text("transStatus")).isEqualTo("Y");

        // The channel's key is gone with the challenge.
        Acs.AppAnswer after = acs.handleEncryptedAppCReq(sdk.encrypt(creq(ares, "002", "123456"), enc));
        assertThat(after.encrypted()).isFalse();
        assertThat(ThreeDsMessage.parse(after.body()).text("errorCode")).isEqualTo("302");
    }

    @Test
    void aTamperedJweGetsDataDecryptionFailure() throws Exception {
        TestSdk sdk = new TestSdk(signingKey.chain().get(0));
        ThreeDsMessage ares = challenge(sdk);
        String[] parts = new String(sdk.encrypt(creq(ares, "000", null), EncryptionMethod.A128CBC_HS256), StandardCharsets.US_ASCII)
                .split("\\.");
        char[] ciphertext = parts[3].toCharArray();
        ciphertext[5] = ciphertext[5] == 'A' ? 'B' : 'A';
        parts[3] = new String(ciphertext);
        Acs.AppAnswer answer = acs.handleEncryptedAppCReq(String.join(".", parts).getBytes(StandardCharsets.US_ASCII));
        assertThat(answer.encrypted()).isFalse();
        ThreeDsMessage erro = ThreeDsMessage.parse(answer.body());
        assertThat(erro.type()).isEqualTo(MessageType.Erro);
        assertThat(erro.text("errorCode")).isEqualTo("302");
        assertThat(erro.text("errorComponent")).isEqualTo("A");
        // Nothing happened: the genuine first CReq still starts the challenge.
        assertThat(sdk.decrypt(acs.handleEncryptedAppCReq(sdk.encrypt(creq(ares, "000", null), EncryptionMethod.A128CBC_HS256)).body(),
                EncryptionMethod.A128CBC_HS256).text("acsCounterAtoS")).isEqualTo("000");
    }

    @Test
    void anotherSdksKeyAPlainJsonBodyOrAnUnknownKidGet302() throws Exception {
        TestSdk sdk = new TestSdk(signingKey.chain().get(0));
        ThreeDsMessage ares = challenge(sdk);
        // An SDK that agreed a key for another transaction but names this one in kid.
        TestSdk intruder = new TestSdk(signingKey.chain().get(0));
        ThreeDsMessage own = challenge(intruder);
        ObjectNode stolen = creq(ares, "000", null);
        byte[] forged = intruder.encrypt(stolen, EncryptionMethod.A128CBC_HS256);
        String withOtherKid = swapKid(forged, own.text("acsTransID"), ares.text("acsTransID"));
        assertThat(code(acs.handleEncryptedAppCReq(withOtherKid.getBytes(StandardCharsets.US_ASCII)))).isEqualTo("302");
        assertThat(code(acs.handleEncryptedAppCReq(ThreeDsMessage.of(creq(ares, "000", null)).toBytes()))).isEqualTo("302");
        assertThat(code(acs.handleEncryptedAppCReq(new byte[0]))).isEqualTo("302");
        // The intruder's own key with this transaction's acsTransID inside: the kid and the CReq disagree.
        Acs.AppAnswer mismatch = acs.handleEncryptedAppCReq(intruder.encrypt(stolen, EncryptionMethod.A128CBC_HS256));
        assertThat(code(mismatch)).isEqualTo("301");
    }

    @Test
    void aWrongCounterOrAReplayGetsAnErro() throws Exception {
        EncryptionMethod enc = EncryptionMethod.A128CBC_HS256;
        TestSdk sdk = new TestSdk(signingKey.chain().get(0));
        ThreeDsMessage ares = challenge(sdk);
        assertThat(code(acs.handleEncryptedAppCReq(sdk.encrypt(creq(ares, "005", null), enc)))).isEqualTo("203");

        byte[] first = sdk.encrypt(creq(ares, "000", null), enc);
        assertThat(acs.handleEncryptedAppCReq(first).encrypted()).isTrue();
        // The very same JWE again is a replay.
        Acs.AppAnswer replay = acs.handleEncryptedAppCReq(first);
        assertThat(replay.encrypted()).isFalse();
        ThreeDsMessage erro = ThreeDsMessage.parse(replay.body());
        assertThat(erro.text("errorCode")).isEqualTo("203");
        assertThat(erro.text("errorDetail")).isEqualTo("sdkCounterStoA");
    }

    @Test
    void theKeyStoreIsCreatedOnceAndReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acs-signing.p12");
        AcsSigningKey created = AcsSigningKey.loadOrCreate(file, "secret".toCharArray());
        assertThat(Files.exists(file)).isTrue();
        AcsSigningKey again = AcsSigningKey.loadOrCreate(file, "secret".toCharArray());
        assertThat(again.chain().get(0).getEncoded()).isEqualTo(created.chain().get(0).getEncoded());
        assertThat(again.privateKey().getEncoded()).isEqualTo(created.privateKey().getEncoded());
        assertThatThrownBy(() -> AcsSigningKey.loadOrCreate(file, "wrong".toCharArray())).isInstanceOf(IllegalStateException.class);
    }

    private static String code(Acs.AppAnswer answer) throws Exception {
        assertThat(answer.encrypted()).isFalse();
        return ThreeDsMessage.parse(answer.body()).text("errorCode");
    }

    private static String swapKid(byte[] compact, String from, String to) {
        String[] parts = new String(compact, StandardCharsets.US_ASCII).split("\\.", -1);
        String header = new String(java.util.Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8).replace(from, to);
        parts[0] = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8));
        return String.join(".", parts);
    }
}
