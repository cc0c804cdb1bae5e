package dev.mamori.risk.iso;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.packager.ISO87BPackager;

/** Test helpers around jPOS's stock ISO87BPackager, the independent implementation we must match. */
final class JposPeer {
    static final ISO87BPackager PACKAGER = new ISO87BPackager();
    static final String TEST_PAN = "4111111111111111";

    private JposPeer() {}

    /** Our message as a jPOS message with the same values (field 48 as jPOS clients send UTF-8: Latin-1 chars). */
    static ISOMsg toJpos(IsoMessage message) throws ISOException {
        ISOMsg m = new ISOMsg(message.mti());
        m.setPackager(PACKAGER);
        for (int field : message.fields()) {
            IsoField spec = IsoField.of(field);
            if (spec.kind == IsoField.Kind.BINARY) {
                m.set(field, message.bytes(field));
            } else if (spec.kind == IsoField.Kind.LLLBYTES) {
                m.set(field, new String(message.bytes(field), StandardCharsets.ISO_8859_1));
            } else {
                m.set(field, message.get(field));
            }
        }
        return m;
    }

    static byte[] pack(IsoMessage message) throws ISOException {
        return toJpos(message).pack();
    }

    static ISOMsg unpack(byte[] bytes) throws ISOException {
        ISOMsg m = new ISOMsg();
        m.setPackager(PACKAGER);
        m.unpack(bytes);
        return m;
    }

    /** A message with a random subset of fields 2 to 128, each with a random value that fits its layout. */
    static IsoMessage randomMessage(Random random, String mti) {
        IsoMessage message = IsoMessage.of(mti);
        for (int field = 2; field <= IsoField.MAX_FIELD; field++) {
            if (random.nextInt(4) != 0) {
                continue;
            }
            IsoField spec = IsoField.of(field);
            switch (spec.kind) {
                case NUMERIC -> message.set(field, digits(random, spec.length));
                case LLNUM -> {
                    String value = digits(random, random.nextInt(spec.length + 1));
                    if (field == 35 && value.length() > 2) {
                        int at = 1 + random.nextInt(value.length() - 1);
                        value = value.substring(0, at) + "=" + value.substring(at + 1);
                    }
                    message.set(field, value);
                }
                case AMOUNT -> message.set(field, (random.nextBoolean() ? "C" : "D") + digits(random, spec.length - 1));
                case CHAR -> message.set(field, latin1(random, 1 + random.nextInt(spec.length)));
                case LLCHAR, LLLCHAR -> message.set(field, latin1(random, random.nextInt(Math.min(spec.length, 300) + 1)));
                case LLLBYTES -> message.setBytes(field, bytes(random, random.nextInt(300)));
                case BINARY -> message.setBytes(field, bytes(random, spec.length));
            }
        }
        return message;
    }

    static String digits(Random random, int count) {
        char[] out = new char[count];
        for (int i = 0; i < count; i++) {
            out[i] = (char) ('0' + random.nextInt(10));
        }
        return new String(out);
    }

    /** Printable ASCII and Latin-1 letters, but no trailing space (jPOS's IF_CHAR keeps it, but keeps tests readable). */
    static String latin1(Random random, int count) {
        char[] out = new char[count];
        for (int i = 0; i < count; i++) {
            out[i] = random.nextInt(5) == 0 ? (char) (0xC0 + random.nextInt(0x40)) : (char) (0x21 + random.nextInt(0x5E));
        }
        return new String(out);
    }

    static byte[] bytes(Random random, int count) {
        byte[] out = new byte[count];
        random.nextBytes(out);
        return out;
    }
}
