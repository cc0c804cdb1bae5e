package dev.mamori.risk;

/** The three kinds of authorization-host messages that move money or hold it. */
public enum MessageKind {
    /** 0100: authorization only; the amount is held against open-to-buy. */
    AUTHORIZATION,
    /** 0200: financial (authorization and capture in one). */
    FINANCIAL,
    /** 0400: reversal of an earlier 0100 or 0200; releases what it held. */
    REVERSAL
}
