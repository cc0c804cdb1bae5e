package dev.mamori.risk.iso;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Mamori's EC data in field 48: what an e-commerce authorization carries beyond the card.
 *
 * <p>Wire format: the field's bytes are UTF-8 and hold repeated TLVs, each a 2-character ASCII
 * tag, 3 ASCII digits giving the value's length in bytes (at most {@value #MAX_VALUE_BYTES}),
 * and the value. Tags: {@code DI} device id, {@code IP} IP address, {@code EM} e-mail,
 * {@code DA} delivery address, {@code EC} ECI (2 digits), {@code AV} 3-D Secure authentication
 * value (base64), {@code TS} 3-D Secure transStatus (one letter), {@code CH} channel ({@code EC},
 * {@code F2F} or {@code MOTO}), {@code CV} the card security code CVC2/CVV2 (3 or 4 digits; field
 * 48 is where Mastercard carries it too, DE 48 subelement 92). The security code is used for the
 * one decision and never stored or printed. Unknown tags are skipped, so senders can add tags before Mamori
 * reads them; a tag twice is an error. Every component may be {@code null} (tag absent).
 *
 * <p>{@link #toString()} shows which tags are present and the ECI, transStatus and channel only:
 * the other values are personal data or an authentication cryptogram.
 */
public record IsoEcData(String deviceId, String ipAddress, String email, String deliveryAddress, String eci,
        String authenticationValue, String transStatus, String channel, String securityCode) {

    public static final int MAX_VALUE_BYTES = 255;
    private static final String[] TAGS = {"DI", "IP", "EM", "DA", "EC", "AV", "TS", "CH", "CV"};

    /**
     * Checks every present value against its tag's rule.
     *
     * @throws IsoFormatException (field 48) naming the tag and the rule, never the value
     */
    public IsoEcData {
        String[] values = {deviceId, ipAddress, email, deliveryAddress, eci, authenticationValue, transStatus, channel, securityCode};
        for (int i = 0; i < TAGS.length; i++) {
            if (values[i] != null) {
                checkValue(TAGS[i], values[i]);
            }
        }
    }

    /**
     * Parses field 48.
     *
     * @throws IsoFormatException (field 48) naming the tag and the rule it broke, never the data
     */
    public static IsoEcData parse(byte[] field48) {
        String[] values = new String[TAGS.length];
        int pos = 0;
        while (pos < field48.length) {
            if (field48.length - pos < 5) {
                throw error("TLV at byte " + pos + ": needs a 2-character tag and a 3-digit length");
            }
            String tag = new String(field48, pos, 2, StandardCharsets.ISO_8859_1);
            int length = 0;
            for (int i = pos + 2; i < pos + 5; i++) {
                int digit = field48[i] - '0';
                if (digit < 0 || digit > 9) {
                    throw error("tag " + printable(tag) + ": length must be 3 ASCII digits");
                }
                length = length * 10 + digit;
            }
            pos += 5;
            if (length > MAX_VALUE_BYTES) {
                throw error("tag " + printable(tag) + ": value must be at most " + MAX_VALUE_BYTES + " bytes");
            }
            if (length > field48.length - pos) {
                throw error("tag " + printable(tag) + ": value is cut short");
            }
            int index = indexOf(tag);
            if (index >= 0) {
                if (values[index] != null) {
                    throw error("tag " + tag + ": appears twice");
                }
                values[index] = utf8(tag, field48, pos, length);
            }
            pos += length;
        }
        return new IsoEcData(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], values[8]);
    }

    /** The TLV bytes for field 48, tags in the order of the components. */
    public byte[] encode() {
        String[] values = {deviceId, ipAddress, email, deliveryAddress, eci, authenticationValue, transStatus, channel, securityCode};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < TAGS.length; i++) {
            if (values[i] != null) {
                byte[] value = values[i].getBytes(StandardCharsets.UTF_8);
                out.writeBytes(TAGS[i].getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(String.format("%03d", value.length).getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(value);
            }
        }
        return out.toByteArray();
    }

    private static void checkValue(String tag, String value) {
        if (value.isEmpty()) {
            throw error("tag " + tag + ": value must not be empty");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw error("tag " + tag + ": value must be at most " + MAX_VALUE_BYTES + " bytes");
        }
        switch (tag) {
            case "EC" -> {
                if (value.length() != 2 || !IsoMessage.allDigits(value)) {
                    throw error("tag EC: ECI must be 2 digits");
                }
            }
            case "AV" -> {
                try {
                    Base64.getDecoder().decode(value);
                } catch (IllegalArgumentException e) {
                    throw error("tag AV: must be base64");
                }
            }
            case "TS" -> {
                if (value.length() != 1 || value.charAt(0) < 'A' || value.charAt(0) > 'Z') {
                    throw error("tag TS: transStatus must be one capital letter");
                }
            }
            case "CV" -> {
                if ((value.length() != 3 && value.length() != 4) || !IsoMessage.allDigits(value)) {
                    throw error("tag CV: security code must be 3 or 4 digits");
                }
            }
            case "CH" -> {
                if (!value.equals("EC") && !value.equals("F2F") && !value.equals("MOTO")) {
                    throw error("tag CH: channel must be EC, F2F or MOTO");
                }
            }
            default -> { }
        }
    }

    private static int indexOf(String tag) {
        for (int i = 0; i < TAGS.length; i++) {
            if (TAGS[i].equals(tag)) {
                return i;
            }
        }
        return -1;
    }

    private static String utf8(String tag, byte[] data, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error("tag " + tag + ": value must be UTF-8");
        }
    }

    /** A tag from the wire, safe to put in a message: two bytes, shown as hex if not letters or digits. */
    private static String printable(String tag) {
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) {
                return String.format("0x%02X%02X", (int) tag.charAt(0), (int) tag.charAt(1));
            }
        }
        return tag;
    }

    private static IsoFormatException error(String rule) {
        return new IsoFormatException(48, rule);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("IsoEcData[");
        String[] values = {deviceId, ipAddress, email, deliveryAddress, eci, authenticationValue, transStatus, channel, securityCode};
        boolean first = true;
        for (int i = 0; i < TAGS.length; i++) {
            if (values[i] == null) {
                continue;
            }
            out.append(first ? "" : ", ").append(TAGS[i]);
            first = false;
            // ECI, transStatus and channel are codes, not personal data.
            if (i == 4 || i == 6 || i == 7) {
                out.append('=').append(values[i]);
            }
        }
        return out.append(']').toString();
    }
}
