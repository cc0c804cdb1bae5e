package dev.mamori.threeds.acs.internal;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.impl.ConcatKDF;
import com.nimbusds.jose.crypto.impl.ECDH;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64;
import dev.mamori.threeds.acs.AcsSigningKey;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The EMV 3DS secure channel between the 3DS SDK and the ACS (app challenges): the ARes's
 * {@code acsSignedContent} (a JWS over the ACS's fresh ephemeral EC P-256 key) and the CReq/CRes as JWE
 * ({@code dir}) under the key both sides derive by ECDH-ES and the Concat KDF (SHA-256, 256 bits,
 * AlgorithmID and PartyUInfo empty, PartyVInfo the SDK reference number).
 *
 * <p>The ephemeral private key is used once, at the ARes, and dropped; only the derived key is kept, in
 * memory and per transaction, until the challenge can no longer run. It is never written anywhere: a
 * restart ends the app challenges in progress (the SDK sees Erro 302 and the ACS's timeout job ends them).
 */
public final class AppChannel {
    private final AcsSigningKey signingKey;
    private final Clock clock;
    private final Duration keep;
    private final Map<String, Held> keys = new ConcurrentHashMap<>();

    private record Held(byte[] key, Instant until) {
    }

    /** The SDK's key is not an EC P-256 public JWK. */
    public static final class BadSdkKey extends Exception {
        public BadSdkKey(String message) {
            super(message);
        }
    }

    /** The CReq is not a JWE this ACS can decrypt (unknown transaction, wrong key, tampered, wrong algorithms). */
    public static final class Undecryptable extends Exception {
        public Undecryptable(String message) {
            super(message);
        }
    }

    /** A decrypted CReq, with the content encryption the SDK chose (the CRes uses the same). */
    public record Opened(String acsTransId, byte[] creq, EncryptionMethod enc) {
    }

    public AppChannel(AcsSigningKey signingKey, Clock clock, Duration keep) {
        this.signingKey = signingKey;
        this.clock = clock;
        this.keep = keep;
    }

    /** Parses and checks the AReq's sdkEphemPubKey (a public EC P-256 JWK whose point is on the curve). */
    public static ECKey sdkKey(String jwk) throws BadSdkKey {
        if (jwk == null) {
            throw new BadSdkKey("sdkEphemPubKey is required");
        }
        try {
            ECKey key = ECKey.parse(jwk);
            if (!Curve.P_256.equals(key.getCurve()) || key.isPrivate()) {
                throw new BadSdkKey("sdkEphemPubKey must be a public EC P-256 key");
            }
            return key;
        } catch (ParseException | IllegalArgumentException e) {
            throw new BadSdkKey("sdkEphemPubKey is not a valid EC P-256 JWK");
        }
    }

    /**
     * Makes the ACS's ephemeral key for a transaction, derives and keeps the channel key, and returns the
     * signed content for the ARes.
     */
    public String open(String acsTransId, String acsReferenceNumber, String acsUrl, ECKey sdkKey, String sdkReferenceNumber) {
        try {
            ECKey ephemeral = new ECKeyGenerator(Curve.P_256).generate();
            byte[] derived = derive(sdkKey, ephemeral.toECPrivateKey(), sdkReferenceNumber);
            purge();
            keys.put(acsTransId, new Held(derived, clock.instant().plus(keep)));

            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("acsTransID", acsTransId);
            payload.put("acsRefNumber", acsReferenceNumber);
            payload.put("acsURL", acsUrl);
            payload.put("acsEphemPubKey", ephemeral.toPublicJWK().toJSONObject());
            List<Base64> x5c = new ArrayList<>();
            for (X509Certificate c : signingKey.chain()) {
                x5c.add(Base64.encode(c.getEncoded()));
            }
            JWSSigner signer;
            JWSAlgorithm alg;
            if (signingKey.privateKey() instanceof ECPrivateKey ec) {
                signer = new ECDSASigner(ec);
                alg = JWSAlgorithm.ES256;
            } else {
                signer = new RSASSASigner((RSAPrivateKey) signingKey.privateKey());
                alg = JWSAlgorithm.PS256;
            }
            JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).x509CertChain(x5c).build(), new Payload(payload));
            jws.sign(signer);
            return jws.serialize();
        } catch (JOSEException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot sign the ACS's signed content", e);
        }
    }

    /** ECDH-ES shared secret Z, then Concat KDF: SHA-256(counter ‖ Z ‖ OtherInfo) for 256 bits. */
    static byte[] derive(ECKey sdkKey, ECPrivateKey ephemeral, String sdkReferenceNumber) throws JOSEException {
        SecretKey z = ECDH.deriveSharedSecret(sdkKey.toECPublicKey(), ephemeral, null);
        byte[] otherInfo = ConcatKDF.composeOtherInfo(
                ConcatKDF.encodeDataWithLength(new byte[0]),
                ConcatKDF.encodeDataWithLength(new byte[0]),
                ConcatKDF.encodeDataWithLength(sdkReferenceNumber.getBytes(StandardCharsets.UTF_8)),
                ConcatKDF.encodeIntData(256),
                ConcatKDF.encodeNoData());
        return new ConcatKDF("SHA-256").deriveKey(z, 256, otherInfo).getEncoded();
    }

    /** Decrypts a CReq JWE: {@code dir}, A128CBC-HS256 or A128GCM, {@code kid} the acsTransID. */
    public Opened decrypt(String compact) throws Undecryptable {
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(compact.trim());
        } catch (ParseException e) {
            throw new Undecryptable("the CReq is not a compact JWE");
        }
        JWEHeader header = jwe.getHeader();
        if (!JWEAlgorithm.DIR.equals(header.getAlgorithm())) {
            throw new Undecryptable("the CReq's JWE alg must be dir");
        }
        EncryptionMethod enc = header.getEncryptionMethod();
        if (!EncryptionMethod.A128CBC_HS256.equals(enc) && !EncryptionMethod.A128GCM.equals(enc)) {
            throw new Undecryptable("the CReq's JWE enc must be A128CBC-HS256 or A128GCM");
        }
        String acsTransId = header.getKeyID();
        Held held = acsTransId == null ? null : keys.get(acsTransId);
        if (held == null || held.until().isBefore(clock.instant())) {
            throw new Undecryptable("no app channel key for this acsTransID (kid)");
        }
        try {
            jwe.decrypt(new DirectDecrypter(key(held.key(), enc, true)));
        } catch (JOSEException | IllegalStateException e) {
            throw new Undecryptable("the CReq cannot be decrypted with this transaction's key");
        }
        return new Opened(acsTransId, jwe.getPayload().toBytes(), enc);
    }

    /** Encrypts a CRes (or an Erro after a decrypted CReq) with the key and method of the CReq. */
    public String encrypt(String acsTransId, EncryptionMethod enc, byte[] message) {
        Held held = keys.get(acsTransId);
        if (held == null) {
            throw new IllegalStateException("no app channel key for " + acsTransId);
        }
        try {
            JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.DIR, enc).keyID(acsTransId).build(), new Payload(message));
            jwe.encrypt(new DirectEncrypter(key(held.key(), enc, false)));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encrypt the CRes", e);
        }
    }

    /** Forgets a transaction's key once its challenge has ended. */
    public void close(String acsTransId) {
        keys.remove(acsTransId);
    }

    /**
     * A128CBC-HS256 uses the whole 256-bit key both ways; A128GCM splits it so that no key and IV pair is
     * used by both sides: the SDK→ACS direction the left 128 bits, ACS→SDK the right 128 bits.
     */
    private static SecretKey key(byte[] derived, EncryptionMethod enc, boolean sdkToAcs) {
        if (EncryptionMethod.A128GCM.equals(enc)) {
            return new SecretKeySpec(sdkToAcs ? Arrays.copyOfRange(derived, 0, 16) : Arrays.copyOfRange(derived, 16, 32), "AES");
        }
        return new SecretKeySpec(derived, "AES");
    }

    private void purge() {
        Instant now = clock.instant();
        keys.values().removeIf(h -> h.until().isBefore(now));
    }
}
