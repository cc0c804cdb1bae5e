package dev.mamori.threeds.acs;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 3DS SDK's side of the app channel, written independently of the ACS's code (its own ECDH and Concat
 * KDF on the JDK) so that the two cross-check: an ephemeral key for the AReq, acsSignedContent's signature
 * and certificate checked against the ACS certificate the SDK trusts, the channel key, CReqs encrypted and
 * CResses decrypted.
 */
public final class TestSdk {
    public static final String REFERENCE_NUMBER = "3DS_LOA_SDK_MAMO_020200_00001";

    private final KeyPair ephemeral;
    private final X509Certificate trusted;
    private byte[] channelKey;
    private String acsTransId;
    private String acsUrl;

    public TestSdk(X509Certificate trustedAcsCertificate) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.ephemeral = generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        this.trusted = trustedAcsCertificate;
    }

    /** The AReq's sdkEphemPubKey. */
    public ObjectNode ephemPubKey() {
        Map<String, Object> jwk = new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) ephemeral.getPublic()).build()
                .toJSONObject();
        return (ObjectNode) JsonMapper.shared().valueToTree(jwk);
    }

    public void putInto(ObjectNode areq) {
        areq.set("sdkEphemPubKey", ephemPubKey());
        areq.put("sdkReferenceNumber", REFERENCE_NUMBER);
    }

    /** Checks the ARes's acsSignedContent and derives the channel key; throws if anything is wrong. */
    public void accept(ThreeDsMessage ares) throws Exception {
        JWSObject jws = JWSObject.parse(ares.text("acsSignedContent"));
        JWSAlgorithm alg = jws.getHeader().getAlgorithm();
        if (!JWSAlgorithm.ES256.equals(alg) && !JWSAlgorithm.PS256.equals(alg)) {
            throw new SecurityException("alg " + alg + " is not allowed");
        }
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(jws.getHeader().getX509CertChain().get(0).decode()));
        if (!Arrays.equals(leaf.getEncoded(), trusted.getEncoded())) {
            throw new SecurityException("the x5c certificate is not the trusted ACS certificate");
        }
        leaf.checkValidity(new Date());
        JWSVerifier verifier = leaf.getPublicKey() instanceof ECPublicKey ec ? new ECDSAVerifier(ec)
                : new RSASSAVerifier((RSAPublicKey) leaf.getPublicKey());
        if (!jws.verify(verifier)) {
            throw new SecurityException("acsSignedContent's signature does not verify");
        }
        Map<String, Object> payload = jws.getPayload().toJSONObject();
        if (!ares.text("acsTransID").equals(payload.get("acsTransID"))
                || !ares.text("acsReferenceNumber").equals(payload.get("acsRefNumber"))) {
            throw new SecurityException("acsSignedContent is about another transaction or ACS");
        }
        @SuppressWarnings("unchecked")
        ECKey acsKey = ECKey.parse((Map<String, Object>) payload.get("acsEphemPubKey"));
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(ephemeral.getPrivate());
        agreement.doPhase(acsKey.toECPublicKey(), true);
        byte[] z = agreement.generateSecret();
        byte[] partyV = REFERENCE_NUMBER.getBytes(StandardCharsets.UTF_8);
        // Concat KDF, one round of SHA-256: counter, Z, AlgorithmID (empty), PartyUInfo (empty), PartyVInfo, keydatalen.
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(ByteBuffer.allocate(4).putInt(1).array());
        sha256.update(z);
        sha256.update(ByteBuffer.allocate(4).putInt(0).array());
        sha256.update(ByteBuffer.allocate(4).putInt(0).array());
        sha256.update(ByteBuffer.allocate(4).putInt(partyV.length).array());
        sha256.update(partyV);
        sha256.update(ByteBuffer.allocate(4).putInt(256).array());
        channelKey = sha256.digest();
        acsTransId = ares.text("acsTransID");
        acsUrl = (String) payload.get("acsURL");
    }

    public String acsUrl() {
        return acsUrl;
    }

    public byte[] encrypt(ObjectNode creq, EncryptionMethod enc) throws Exception {
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.DIR, enc).keyID(acsTransId).build(),
                new Payload(ThreeDsMessage.of(creq).toBytes()));
        jwe.encrypt(new DirectEncrypter(key(enc, true)));
        return jwe.serialize().getBytes(StandardCharsets.US_ASCII);
    }

    public ThreeDsMessage decrypt(byte[] body, EncryptionMethod enc) throws Exception {
        JWEObject jwe = JWEObject.parse(new String(body, StandardCharsets.US_ASCII));
        if (!acsTransId.equals(jwe.getHeader().getKeyID()) || !enc.equals(jwe.getHeader().getEncryptionMethod())) {
            throw new SecurityException("the CRes's header does not match the channel");
        }
        jwe.decrypt(new DirectDecrypter(key(enc, false)));
        return ThreeDsMessage.parse(jwe.getPayload().toBytes());
    }

    private SecretKeySpec key(EncryptionMethod enc, boolean sdkToAcs) {
        if (EncryptionMethod.A128GCM.equals(enc)) {
            return new SecretKeySpec(sdkToAcs ? Arrays.copyOfRange(channelKey, 0, 16) : Arrays.copyOfRange(channelKey, 16, 32), "AES");
        }
        return new SecretKeySpec(channelKey, "AES");
    }

    public static List<String> algorithms() {
        return List.of("ES256", "PS256");
    }
}
