package dev.mamori.threeds.ds;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.Curve;
import dev.mamori.threeds.KeyStoreFiles;
import dev.mamori.threeds.message.ErrorCode;
import dev.mamori.threeds.message.ThreeDsException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The Directory Server's key for the app channel's device data. The 3DS SDK encrypts what it gathered
 * on the device with the DS's public key ({@code sdkEncData}, a compact JWE); the DS decrypts it and
 * hands it to the ACS as {@code deviceInfo}. EMV 3DS allows RSA keys with {@code RSA-OAEP-256} and EC
 * P-256 keys with {@code ECDH-ES}, each with {@code A128CBC-HS256} or {@code A128GCM}; anything else
 * (notably {@code RSA1_5}, open to padding-oracle attacks, {@code dir}, and compression) is refused.
 *
 * <p>A real DS uses the key its certificate was issued for, which SDK vendors build in; without one,
 * {@link #loadOrCreate} makes a self-signed RSA key once and keeps it in a PKCS#12 file.
 */
public final class DeviceDataKey {
    static final String ALIAS = "ds-device-data";
    private static final Set<EncryptionMethod> CONTENT_ENCRYPTION = Set.of(EncryptionMethod.A128CBC_HS256, EncryptionMethod.A128GCM);

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final JWEAlgorithm algorithm;

    public DeviceDataKey(PrivateKey privateKey, X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        if (privateKey instanceof RSAPrivateKey) {
            algorithm = JWEAlgorithm.RSA_OAEP_256;
        } else if (privateKey instanceof ECPrivateKey ec && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
            algorithm = JWEAlgorithm.ECDH_ES;
        } else {
            throw new IllegalArgumentException("the DS device-data key must be RSA (RSA-OAEP-256) or EC P-256 (ECDH-ES)");
        }
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** A fresh RSA key with a self-signed certificate (tests, or when nothing may be written). */
    public static DeviceDataKey selfSigned() {
        return of(selfSignedEntry());
    }

    /**
     * The PKCS#12 key store's first key entry (alias {@code ds-device-data} preferred); when the file
     * does not exist, a self-signed RSA key is created and stored there.
     */
    public static DeviceDataKey loadOrCreate(Path file, char[] password) {
        return of(KeyStoreFiles.loadOrCreate(file, password, ALIAS, DeviceDataKey::selfSignedEntry));
    }

    /** What SDKs encrypt with: the public key, in the certificate the DS gives their vendors. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The JWE algorithm this key takes: RSA-OAEP-256 or ECDH-ES. */
    public JWEAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * The device data inside {@code sdkEncData}.
     *
     * @throws ThreeDsException 203 when it is not a compact JWE; 302 (data decryption failure) when its
     *     algorithms are not the ones EMV 3DS allows for this key, or it does not decrypt with it
     */
    public byte[] decrypt(String sdkEncData) throws ThreeDsException {
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(sdkEncData);
        } catch (ParseException e) {
            throw new ThreeDsException(ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "sdkEncData", "not a JWE in compact serialisation");
        }
        // No compression either: SDKs send none, and a compressed payload could inflate far past deviceInfo's limit.
        if (!algorithm.equals(jwe.getHeader().getAlgorithm()) || !CONTENT_ENCRYPTION.contains(jwe.getHeader().getEncryptionMethod())
                || jwe.getHeader().getCompressionAlgorithm() != null) {
            // The header's own values are not echoed: they are the sender's text, of any length.
            throw new ThreeDsException(ErrorCode.DATA_DECRYPTION_FAILURE, "sdkEncData", "the DS's key takes " + algorithm
                    + " with A128CBC-HS256 or A128GCM, uncompressed, only");
        }
        try {
            JWEDecrypter decrypter = privateKey instanceof RSAPrivateKey rsa ? new RSADecrypter(rsa) : new ECDHDecrypter((ECPrivateKey) privateKey);
            jwe.decrypt(decrypter);
        } catch (JOSEException | IllegalStateException e) {
            throw new ThreeDsException(ErrorCode.DATA_DECRYPTION_FAILURE, "sdkEncData", "does not decrypt with the DS's device-data key");
        }
        return jwe.getPayload().toBytes();
    }

    private static KeyStore.PrivateKeyEntry selfSignedEntry() {
        return KeyStoreFiles.selfSigned(KeyStoreFiles.Algorithm.RSA_2048, "CN=Mamori DS device data (self-signed),O=Mamori",
                KeyUsage.keyEncipherment);
    }

    private static DeviceDataKey of(KeyStore.PrivateKeyEntry entry) {
        return new DeviceDataKey(entry.getPrivateKey(), KeyStoreFiles.chain(entry).get(0));
    }
}
