package dev.mamori.risk.features;

/** The type of a feature as rules see it. Booleans are stored as 0 or 1 among the numbers. */
public enum ValueType {
    NUMBER,
    BOOLEAN,
    TEXT
}
