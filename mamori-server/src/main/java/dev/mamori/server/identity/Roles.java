package dev.mamori.server.identity;

import dev.mamori.common.Role;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Roles as stored in a column: lower-case ids separated by commas. */
public final class Roles {
    private Roles() {}

    public static String encode(Collection<Role> roles) {
        return roles.stream().sorted().map(Role::id).collect(Collectors.joining(","));
    }

    public static Set<Role> decode(String column) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (column != null && !column.isBlank()) {
            for (String id : column.split(",")) {
                Role.fromId(id).ifPresent(roles::add);
            }
        }
        return roles;
    }
}
