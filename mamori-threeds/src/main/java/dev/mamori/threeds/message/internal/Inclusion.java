package dev.mamori.threeds.message.internal;

import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * When a data element is required (the spec's "Message Inclusion"): always, never (optional), or under
 * a condition on the channel, category or other elements. A condition that cannot be evaluated (the
 * channel or category is not known) does not require the element.
 */
public record Inclusion(String description, Predicate<Facts> required) {

    public static final Inclusion REQUIRED = new Inclusion("required", f -> true);
    public static final Inclusion OPTIONAL = new Inclusion("optional", f -> false);

    public boolean requiredIn(Facts facts) {
        return required.test(facts);
    }

    /** Required in these channels (01 app, 02 browser, 03 3RI). */
    public static Inclusion channels(DeviceChannel... channels) {
        List<DeviceChannel> list = Arrays.asList(channels);
        return new Inclusion("required for deviceChannel " + codes(list), f -> list.contains(f.channel()));
    }

    /** Required for 01 payment authentications. */
    public static Inclusion payment() {
        return new Inclusion("required for messageCategory 01", f -> f.category() == MessageCategory.PAYMENT);
    }

    public static Inclusion when(String description, Predicate<Facts> condition) {
        return new Inclusion(description, condition);
    }

    /** Required when a sibling element holds one of these texts. */
    public static Inclusion whenIn(String sibling, String... values) {
        List<String> list = List.of(values);
        return new Inclusion("required when " + sibling + " is " + String.join(" or ", list),
                f -> f.text(sibling) != null && list.contains(f.text(sibling)));
    }

    /** Required when a sibling element is present. */
    public static Inclusion whenPresent(String sibling) {
        return new Inclusion("required when " + sibling + " is present", f -> f.present(sibling));
    }

    /** Required when a sibling element is the JSON boolean true. */
    public static Inclusion whenTrue(String sibling) {
        return new Inclusion("required when " + sibling + " is true", f -> f.isTrue(sibling));
    }

    /** Required when the message comes from the Directory Server (the DS adds the element). */
    public static Inclusion fromDs(Inclusion also) {
        return new Inclusion(also.description + ", in the message from the DS",
                f -> f.fromDirectoryServer() && also.requiredIn(f));
    }

    /** Required when the message comes from the 3DS Server (the DS removes or replaces the element). */
    public static Inclusion fromServer(Inclusion also) {
        return new Inclusion(also.description + ", in the message from the 3DS Server",
                f -> !f.fromDirectoryServer() && also.requiredIn(f));
    }

    public Inclusion or(Inclusion other) {
        return new Inclusion(description + "; " + other.description, f -> requiredIn(f) || other.requiredIn(f));
    }

    public Inclusion and(Inclusion other) {
        return new Inclusion(description + " and " + other.description, f -> requiredIn(f) && other.requiredIn(f));
    }

    private static String codes(List<DeviceChannel> channels) {
        return String.join("/", channels.stream().map(DeviceChannel::code).toList());
    }
}
