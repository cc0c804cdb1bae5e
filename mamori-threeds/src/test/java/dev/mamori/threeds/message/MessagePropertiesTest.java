package dev.mamori.threeds.message;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Whatever arrives, parsing and validating answer with a message or a ThreeDsException, nothing else. */
class MessagePropertiesTest {

    private static final List<String> EXAMPLES = List.of("areq-browser-2.2.0", "areq-app-2.2.0", "areq-3ri-2.2.0",
            "areq-browser-2.3.1", "areq-app-2.3.1", "areq-3ri-2.3.1", "ares-challenge-2.2.0", "creq-2.2.0",
            "cres-2.2.0", "rreq-2.2.0", "rres-2.2.0", "pres-2.2.0", "erro-2.2.0");

    @Property(tries = 1000)
    void arbitraryBytesParseOrFailWithAThreeDsException(@ForAll("bytes") byte[] bytes) {
        try {
            ThreeDsMessage message = ThreeDsMessage.parse(bytes);
            for (MessageType type : MessageType.values()) {
                validateQuietly(message, type);
            }
        } catch (ThreeDsException e) {
            assertThat(e.code()).isIn(ErrorCode.MESSAGE_RECEIVED_INVALID, ErrorCode.DUPLICATE_DATA_ELEMENT);
        }
    }

    @Property(tries = 1000)
    void examplesWithAnElementChangedAtRandomValidateOrFailWithAThreeDsException(@ForAll("changed") ObjectNode json) {
        ThreeDsMessage message = ThreeDsMessage.of(json);
        validateQuietly(message, message.type() == null ? MessageType.AReq : message.type());
        assertThat(message.toString()).doesNotContain("4111111111111111");
    }

    @Property(tries = 300)
    void challengeFormValuesDecodeOrFailWithAThreeDsException(@ForAll("formValues") String value) {
        try {
            ChallengeEncoding.decode(value);
        } catch (ThreeDsException e) {
            assertThat(e.code()).isNotNull();
        }
    }

    private static void validateQuietly(ThreeDsMessage message, MessageType type) {
        try {
            MessageValidator.validate(message, type);
        } catch (ThreeDsException e) {
            assertThat(e.errorDetail()).isNotNull();
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        Arbitrary<byte[]> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.-+eEtrufalsn \\u")
                .ofMaxLength(200).map(s -> s.getBytes(UTF_8));
        Arbitrary<byte[]> deep = Arbitraries.integers().between(1, 5000)
                .map(n -> ("{\"a\":" + "[".repeat(n) + "]".repeat(n) + "}").getBytes(UTF_8));
        Arbitrary<byte[]> truncated = Combinators.combine(Arbitraries.of(EXAMPLES), Arbitraries.integers().between(0, 2000))
                .as((name, cut) -> {
                    byte[] all = Examples.bytes(name);
                    return java.util.Arrays.copyOf(all, Math.min(cut, all.length));
                });
        return Arbitraries.oneOf(random, jsonish, deep, truncated);
    }

    @Provide
    Arbitrary<ObjectNode> changed() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        Arbitrary<tools.jackson.databind.JsonNode> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60).map(nodes::stringNode),
                Arbitraries.strings().numeric().ofMaxLength(20).map(nodes::stringNode),
                Arbitraries.of("Y", "N", "C", "D", "S", "01", "02", "03", "2.2.0", "2.3.1", "AReq", "ARes", "")
                        .map(nodes::stringNode),
                Arbitraries.integers().map(nodes::numberNode),
                Arbitraries.of(true, false).map(nodes::booleanNode),
                Arbitraries.just(nodes.nullNode()),
                Arbitraries.just(nodes.objectNode()),
                Arbitraries.just(nodes.arrayNode()),
                Arbitraries.strings().ofMaxLength(10).map(s -> nodes.arrayNode().add(s)));
        return Combinators.combine(Arbitraries.of(EXAMPLES), Arbitraries.integers().between(0, 60), values,
                Arbitraries.integers().between(0, 3)).as((name, index, value, action) -> {
                    ObjectNode json = Examples.json(name);
                    List<String> names = List.copyOf(json.propertyNames());
                    String target = names.get(index % names.size());
                    switch (action) {
                        case 0 -> json.remove(target);
                        case 1 -> json.set(target, value);
                        case 2 -> json.set("messageType", value);
                        default -> {
                            if (json.get(target) instanceof ObjectNode inner && !inner.isEmpty()) {
                                inner.set(List.copyOf(inner.propertyNames()).get(0), value);
                            } else {
                                json.set(target, value);
                            }
                        }
                    }
                    return json;
                });
    }

    @Provide
    Arbitrary<String> formValues() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("ABCxyz019-_=+/").ofMaxLength(80),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100)
                        .map(b -> java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b)));
    }
}
