package dev.mamori.risk.lists;

/** Whether a list entry blocks or allows what it matches. What a hit means is the caller's decision. */
public enum ListType {
    BLOCK,
    ALLOW
}
