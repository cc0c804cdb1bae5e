package dev.mamori.vault.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyCheckValueTest {

    @Test
    void allZeroAes256KeyHasTheKnownCheckValue() {
        // AES-256(zero key, zero block) = dc95c078a2408989ad48a21492842087 (NIST AESAVS).
        assertThat(KeyCheckValue.of(new byte[32])).isEqualTo("DC95C0");
    }

    @Test
    void fips197ExampleKeyHasTheCheckValueOpenSslComputes() {
        // head -c16 /dev/zero | openssl enc -aes-256-ecb -nopad -K 000102..1f
        //   = f29000b62a499fd0a9f39a6add2e7780
        byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        assertThat(KeyCheckValue.of(key)).isEqualTo("F29000");
    }

    @Test
    void doubleLengthDesKeyHasTheCheckValueOpenSslComputes() {
        // head -c8 /dev/zero | openssl enc -des-ede-ecb -nopad -K 0123456789ABCDEFFEDCBA9876543210
        //   = 08d7b4fb629d0885 (TDEA keying option 2, i.e. A, B, A)
        byte[] key = HexFormat.of().parseHex("0123456789ABCDEFFEDCBA9876543210");
        assertThat(KeyCheckValue.ofDoubleLengthDes(key)).isEqualTo("08D7B4");
        assertThat(key).as("unchanged").isEqualTo(HexFormat.of().parseHex("0123456789ABCDEFFEDCBA9876543210"));
    }

    @Test
    void doubleLengthDesCheckValueRejectsOtherLengthsWithoutShowingTheKey() {
        assertThatThrownBy(() -> KeyCheckValue.ofDoubleLengthDes(new byte[24]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a double-length DES key is 16 bytes, got 24 bytes");
        assertThatThrownBy(() -> KeyCheckValue.ofDoubleLengthDes(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void differentKeysGiveDifferentCheckValues() {
        byte[] one = new byte[32];
        one[31] = 1;
        assertThat(KeyCheckValue.of(one)).isNotEqualTo(KeyCheckValue.of(new byte[32]));
    }

    @Test
    void checkValueLeavesTheKeyUnchanged() {
        byte[] key = new byte[32];
        key[0] = 42;
        KeyCheckValue.of(key);
        assertThat(key[0]).isEqualTo((byte) 42);
    }

    @Test
    void formattingUsesTheFirstThreeBytesInUpperCaseHex() {
        byte[] block = HexFormat.of().parseHex("dc95c078a2408989ad48a21492842087");
        assertThat(KeyCheckValue.fromEncryptedZeroBlock(block)).isEqualTo("DC95C0");
    }

    @Test
    void keysThatAreNotAes256AreRejectedByLengthOnly() {
        assertThatThrownBy(() -> KeyCheckValue.of(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an AES-256 key is 32 bytes, got 16 bytes");
        assertThatThrownBy(() -> KeyCheckValue.of(null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
