/**
 * Command-line entry points of the anti-phishing module, plain Java: each {@code XCommand.run(args, out, err)}
 * returns the process exit code and is wired into {@code ./mamori} by the server's main.
 */
package dev.mamori.phishing.cli;
