package dev.mamori.threeds.ds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.CompressionAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import dev.mamori.threeds.KeyStoreFiles;
import dev.mamori.threeds.message.ThreeDsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import javax.crypto.KeyGenerator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceDataKeyTest {
    private static final DeviceDataKey RSA = DeviceDataKey.selfSigned();
    private static final String DEVICE_DATA = "{\"DV\":\"1.0\",\"DD\":{\"C001\":\"iOS\"},\"DPNA\":{},\"SW\":[\"SW01\"]}";

    /** What a 3DS SDK does with the device data it gathered: a compact JWE to the DS's public key. */
    static String encrypt(PublicKey key, JWEAlgorithm algorithm, EncryptionMethod method, String payload) throws JOSEException {
        JWEObject jwe = new JWEObject(new JWEHeader(algorithm, method), new Payload(payload));
        jwe.encrypt(key instanceof RSAPublicKey rsa ? new RSAEncrypter(rsa) : new ECDHEncrypter((ECPublicKey) key));
        return jwe.serialize();
    }

    @Test
    void anRsaKeyDecryptsRsaOaep256WithEitherContentEncryptionEmv3dsAllows() throws Exception {
        for (EncryptionMethod method : List.of(EncryptionMethod.A128CBC_HS256, EncryptionMethod.A128GCM)) {
            String jwe = encrypt(RSA.certificate().getPublicKey(), JWEAlgorithm.RSA_OAEP_256, method, DEVICE_DATA);
            assertThat(new String(RSA.decrypt(jwe), StandardCharsets.UTF_8)).as(method.getName()).isEqualTo(DEVICE_DATA);
        }
        assertThat(RSA.algorithm()).isEqualTo(JWEAlgorithm.RSA_OAEP_256);
    }

    @Test
    void anEcKeyDecryptsEcdhEs() throws Exception {
        KeyStore.PrivateKeyEntry entry = KeyStoreFiles.selfSigned(KeyStoreFiles.Algorithm.EC_P256, "CN=test DS", KeyUsage.keyAgreement);
        DeviceDataKey ec = new DeviceDataKey(entry.getPrivateKey(), KeyStoreFiles.chain(entry).get(0));
        String jwe = encrypt(ec.certificate().getPublicKey(), JWEAlgorithm.ECDH_ES, EncryptionMethod.A128GCM, DEVICE_DATA);

        assertThat(new String(ec.decrypt(jwe), StandardCharsets.UTF_8)).isEqualTo(DEVICE_DATA);
        assertThat(ec.algorithm()).isEqualTo(JWEAlgorithm.ECDH_ES);
    }

    @Test
    void rsa15AndOtherContentEncryptionAreRefusedWithoutTryingTheKey() throws Exception {
        String rsa15 = encrypt(RSA.certificate().getPublicKey(), JWEAlgorithm.RSA1_5, EncryptionMethod.A128CBC_HS256, DEVICE_DATA);
        String a256 = encrypt(RSA.certificate().getPublicKey(), JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM, DEVICE_DATA);
        KeyGenerator aes = KeyGenerator.getInstance("AES");
        aes.init(128);
        JWEObject direct = new JWEObject(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A128GCM), new Payload(DEVICE_DATA));
        direct.encrypt(new DirectEncrypter(aes.generateKey()));

        for (String refused : List.of(rsa15, a256, direct.serialize())) {
            assertThatThrownBy(() -> RSA.decrypt(refused)).isInstanceOfSatisfying(ThreeDsException.class, e -> {
                assertThat(e.code().code()).isEqualTo("302");
                assertThat(e.getMessage()).contains("sdkEncData").contains("RSA-OAEP-256");
            });
        }
    }

    @Test
    void compressedDeviceDataIsRefused() throws Exception {
        // A few bytes that would inflate to far more than deviceInfo may hold.
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM)
                .compressionAlgorithm(CompressionAlgorithm.DEF).build(), new Payload("{\"DV\":\"" + "A".repeat(200_000) + "\"}"));
        jwe.encrypt(new RSAEncrypter((RSAPublicKey) RSA.certificate().getPublicKey()));
        String compressed = jwe.serialize();
        assertThat(compressed.length()).isLessThan(64_000);

        assertThatThrownBy(() -> RSA.decrypt(compressed)).isInstanceOfSatisfying(ThreeDsException.class, e -> {
            assertThat(e.code().code()).isEqualTo("302");
            assertThat(e.getMessage()).contains("uncompressed");
        });
    }

    @Test
    void onlyRsaAndEcP256KeysAreTaken() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = generator.generateKeyPair();

        assertThatThrownBy(() -> new DeviceDataKey(p384.getPrivate(), RSA.certificate())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("P-256");
    }

    @Test
    void dataForAnotherKeyOrTamperedWithIsADecryptionFailure() throws Exception {
        String forOther = encrypt(DeviceDataKey.selfSigned().certificate().getPublicKey(), JWEAlgorithm.RSA_OAEP_256,
                EncryptionMethod.A128GCM, DEVICE_DATA);
        String genuine = encrypt(RSA.certificate().getPublicKey(), JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128CBC_HS256, DEVICE_DATA);
        String[] parts = genuine.split("\\.");
        parts[3] = (parts[3].charAt(0) == 'A' ? 'B' : 'A') + parts[3].substring(1);
        String tampered = String.join(".", parts);

        for (String refused : List.of(forOther, tampered)) {
            assertThatThrownBy(() -> RSA.decrypt(refused)).isInstanceOfSatisfying(ThreeDsException.class,
                    e -> assertThat(e.code().code()).isEqualTo("302"));
        }
    }

    @Test
    void somethingThatIsNoJweIsAFormatError() {
        for (String malformed : List.of("", "abc", "a.b.c", "eyJhbGciOiJub25lIn0.e30.")) {
            assertThatThrownBy(() -> RSA.decrypt(malformed)).as(malformed).isInstanceOfSatisfying(ThreeDsException.class,
                    e -> assertThat(e.code().code()).isEqualTo("203"));
        }
    }

    @Test
    void theKeyStoreFileKeepsTheSameKeyAcrossRestarts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ds-device-data.p12");
        DeviceDataKey created = DeviceDataKey.loadOrCreate(file, "secret".toCharArray());
        DeviceDataKey reloaded = DeviceDataKey.loadOrCreate(file, "secret".toCharArray());

        assertThat(reloaded.certificate()).isEqualTo(created.certificate());
        String jwe = encrypt(created.certificate().getPublicKey(), JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM, DEVICE_DATA);
        assertThat(new String(reloaded.decrypt(jwe), StandardCharsets.UTF_8)).isEqualTo(DEVICE_DATA);
    }
}
