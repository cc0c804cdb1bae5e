package dev.mamori.server.api;

/**
 * One broken rule: which field (a JSON path such as {@code roles[1]}, a header or a parameter
 * name), the rule's stable name, and a message that never repeats the rejected value.
 */
public record FieldViolation(String field, String rule, String message) {}
