package dev.mamori.phishing.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AggregateReportParserPropertiesTest {
    final AggregateReportParser parser = new AggregateReportParser();

    @Property(tries = 500)
    void arbitraryBytesNeverThrowAnythingButAReportFormatException(@ForAll("files") byte[] file) {
        try {
            parser.parse(file);
        } catch (ReportFormatException e) {
            assertThat(e.element()).isNotBlank();
            assertThat(e.rule()).isNotBlank();
        }
    }

    /** Random bytes, and random bytes behind each format's magic so every unpacker sees garbage. */
    @Provide
    Arbitrary<byte[]> files() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
        Arbitrary<byte[]> prefix = Arbitraries.of(new byte[] {0x1f, (byte) 0x8b, 8, 0}, new byte[] {'P', 'K', 3, 4},
                "<feedback>".getBytes(), "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n".getBytes(),
                "<?xml version=\"1.0\"?><feedback><report_metadata>".getBytes(), new byte[0]);
        return net.jqwik.api.Combinators.combine(prefix, random).as((p, r) -> {
            byte[] out = new byte[p.length + r.length];
            System.arraycopy(p, 0, out, 0, p.length);
            System.arraycopy(r, 0, out, p.length, r.length);
            return out;
        });
    }
}
