/**
 * {@code ./mamori simulate}: a client that sends synthetic EC and face-to-face card payments, with
 * labelled fraud scenarios, to a running server over its JSON API and ISO 8583, and reports what
 * the server caught. Plain Java ({@code java.net.http}, a socket and the module's own ISO codec);
 * entry point {@link dev.mamori.risk.simulate.SimulateCommand}. Card numbers exist only in memory:
 * they are regenerated from the seed and never written to a file or printed unmasked.
 */
package dev.mamori.risk.simulate;
