/**
 * Command-line entry points of the anti-phishing module ({@code ./mamori domain check}, ...): plain Java, each a
 * {@code run(String[], PrintStream, PrintStream)} returning the exit code, wired into {@code ./mamori} by the server.
 */
package dev.mamori.phishing.cli;
