/**
 * ISO 8583 (1987) for the issuer authorization host: the message ({@link dev.mamori.risk.iso.IsoMessage}),
 * the codec ({@link dev.mamori.risk.iso.Iso8583Codec}), Mamori's EC data in field 48
 * ({@link dev.mamori.risk.iso.IsoEcData}) and the TCP listener ({@link dev.mamori.risk.iso.IsoServer},
 * which calls an {@link dev.mamori.risk.iso.IsoHandler}).
 *
 * <h2>Wire format</h2>
 * Byte for byte that of jPOS's stock {@code ISO87BPackager} (checked against jPOS 2.1.10 by a
 * differential test), so an off-the-shelf jPOS client with {@code ISO87BPackager} and
 * {@code PostChannel} connects unchanged.
 * <ul>
 *   <li>Framing: a 2-byte big-endian length of the message that follows, header excluded. No TPDU.</li>
 *   <li>MTI: 4 digits in 2 BCD bytes ({@code 01 00}); {@link dev.mamori.risk.iso.IsoMessage#mti()}
 *       is the 4-digit string {@code "0100"}.</li>
 *   <li>Bitmap: 8 binary bytes; bit 1 set means a second 8-byte bitmap follows, written only when a
 *       field above 64 is present.</li>
 *   <li>Numeric fields (IFB_NUMERIC: 3 to 27, 53, 66 to 90): BCD, an odd digit count padded with a
 *       0 nibble on the left (19 = {@code "392"} is {@code 03 92}). Lengths: 3 n6, 4 n12, 7 n10,
 *       11 n6, 12 n6, 13 n4, 14 n4, 18 n4, 19 n3, 22 n3, 25 n2, 70 n3, 90 n42, and the rest as in
 *       the packager.</li>
 *   <li>LLNUM fields (IFB_LLNUM: 2 up to 19 digits, 32 and 33 up to 11, 35 up to 37, 99, 100): a
 *       1-byte BCD digit count, then BCD digits padded with a 0 nibble on the right; track 2 (35)
 *       writes '=' as nibble D.</li>
 *   <li>Character fields (IF_CHAR: 37 an12, 38 an6, 39 an2, 41 ans8, 42 ans15, 43 ans40, 49 an3, ...):
 *       ISO-8859-1, padded with spaces on the right; {@code get} returns the padded value.
 *       LLCHAR (34, 44, 45, 101 to 103) and LLLCHAR (36, 46, 47, 54 to 63, 104 to 127) have a
 *       1- or 2-byte BCD length in characters.</li>
 *   <li>Binary fields: 52, 64, 128 (8 bytes), 65 (1 byte), 96 (16 bytes). Amounts 28 to 31 and 97
 *       (IFB_AMOUNT): an ASCII {@code C} or {@code D}, then 8 or 16 BCD digits. Field 55 is LLLCHAR in
 *       this packager; its bytes are read with {@link dev.mamori.risk.iso.IsoMessage#bytes(int)}.</li>
 *   <li>Field 48: LLLCHAR on the wire (2-byte BCD length in bytes), but its bytes are UTF-8 TLVs,
 *       read as bytes: a jPOS client sets {@code new String(utf8Bytes, ISO_8859_1)}.</li>
 * </ul>
 * Every field of the packager (2 to 128) is decoded, so a client sending fields Mamori does not use
 * (52, 55, 60 to 63, ...) is served, not rejected. Decoding is stricter than jPOS in three ways: BCD
 * nibbles above 9 are an error (except D in track 2), values longer than the packager's maximum are
 * an error, and bytes left after the last field are an error ({@code length}).
 *
 * <h2>Field 48: EC data</h2>
 * Repeated TLVs: a 2-character ASCII tag, 3 ASCII digits giving the value's length in bytes (at most
 * 255), the UTF-8 value. Tags {@code DI} device id, {@code IP} IP address, {@code EM} e-mail,
 * {@code DA} delivery address, {@code EC} ECI, {@code AV} 3-D Secure authentication value (base64),
 * {@code TS} 3-D Secure transStatus, {@code CH} channel ({@code EC}, {@code F2F}, {@code MOTO}).
 * Unknown tags are skipped; a repeated tag is an error. Example: {@code CH002ECEC00205}.
 *
 * <h2>Listener behaviour and the response codes it emits</h2>
 * <ul>
 *   <li>Requests 0100, 0120, 0200, 0220, 0400, 0420 go to {@link dev.mamori.risk.iso.IsoHandler#handle};
 *       0800 and 0820 to {@link dev.mamori.risk.iso.IsoHandler#handleNetworkManagement}, which by default
 *       answers 0810 with 39 = {@code 00}, echoing 7, 11 and 70. Handlers run on a bounded worker pool,
 *       never on a network thread; responses may leave in a different order than requests arrived.</li>
 *   <li>{@code 30} format error: a request MTI whose bitmap or fields break the layout. The response
 *       (MTI function digit + 1) echoes the matching fields (3, 4, 7, 11, 12, 13, 37, 41, 42, 49) that
 *       were read before the broken field; the connection stays open. Also when the handler throws
 *       {@link dev.mamori.risk.iso.IsoFormatException} (e.g. from malformed field 48).</li>
 *   <li>{@code 12} invalid transaction: a well-formed 1987 request or advice (function digit 0 or 2)
 *       of a class the host does not process, such as 0300, 0500 or 0600. Not a format error: the
 *       message was readable, the host just does not do that business.</li>
 *   <li>{@code 91} issuer unavailable: the worker queue is full; answered at once so the acquirer can
 *       stand in or retry, rather than waiting behind a backlog.</li>
 *   <li>{@code 96} system malfunction: the handler threw. Logged with MTI, STAN and exception type; the
 *       exception text is passed through card-number masking and no stack trace is logged.</li>
 * </ul>
 *
 * <h2>Malformed input</h2>
 * Never a crash, never a reply that repeats card data:
 * <ul>
 *   <li>Length header 0 or above {@code maxMessageLength}: the connection is closed (the stream cannot
 *       be resynchronised).</li>
 *   <li>MTI not 4 BCD digits, or not an ISO 8583:1987 MTI (first digit not 0, e.g. {@code 9999}): the
 *       connection is closed: there is no response MTI to answer with.</li>
 *   <li>Responses, advice responses and notifications (function digit 1, 3 or above 3), e.g. a stray
 *       0110: dropped without a reply, so two hosts cannot answer each other in a loop.</li>
 *   <li>A frame cut short by the peer closing the connection is dropped quietly.</li>
 *   <li>Connections idle longer than {@code idleTimeout} and connections beyond {@code maxConnections}
 *       are closed.</li>
 * </ul>
 * Errors ({@link dev.mamori.risk.iso.IsoFormatException}) name the element and the rule, never the
 * data; {@code IsoMessage.toString()} masks the PAN and hides track, expiry, EMV and PIN data.
 */
package dev.mamori.risk.iso;
