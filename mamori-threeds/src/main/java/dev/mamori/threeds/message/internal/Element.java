package dev.mamori.threeds.message.internal;

import java.util.Set;

/**
 * One row of the data element table: the element's name, format, inclusion and the message versions
 * it belongs to.
 */
public record Element(String name, Format format, Inclusion inclusion, Set<String> versions) {

    public boolean in(String version) {
        return versions.contains(version);
    }
}
