package dev.mamori.server.principal;

/** What kind of principal acted: a console user, an API key, a JWT client, nobody yet, or the system itself. */
public enum ActorType { USER, API_KEY, JWT, ANONYMOUS, SYSTEM }
