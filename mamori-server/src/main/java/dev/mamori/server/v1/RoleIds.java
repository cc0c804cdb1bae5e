package dev.mamori.server.v1;

import dev.mamori.common.Role;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.FieldViolation;
import dev.mamori.server.api.ProblemType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Roles in the API are lower-case ids ({@code issuer}); unknown ones are named by index. */
final class RoleIds {
    private static final String KNOWN = Arrays.stream(Role.values()).map(Role::id).collect(Collectors.joining(", "));

    private RoleIds() {}

    static Set<Role> parse(List<String> ids, String field) {
        List<FieldViolation> violations = new ArrayList<>();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            var role = Role.fromId(id);
            if (role.isPresent()) {
                roles.add(role.get());
            } else {
                violations.add(new FieldViolation(field + "[" + i + "]", "known-role", "must be one of: " + KNOWN));
            }
        }
        if (!violations.isEmpty()) {
            throw new ApiProblem(ProblemType.VALIDATION, violations.get(0).field() + " is not a role", violations);
        }
        return roles;
    }

    static List<String> ids(Set<Role> roles) {
        return roles.stream().sorted().map(Role::id).toList();
    }
}
