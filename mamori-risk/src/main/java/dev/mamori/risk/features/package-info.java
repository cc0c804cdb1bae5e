/**
 * The real-time feature engine of the issuer authorization host: velocity aggregates per card,
 * device, IP, e-mail, delivery address, merchant and BIN, and facts about the request, in a
 * {@link dev.mamori.risk.features.FeatureVector} the rules and the model read. Plain Java, in
 * memory, no database.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * StandardFeatureCatalog catalog = StandardFeatureCatalog.create();          // 1m, 1h, 24h, 7d
 * FeatureEngine engine = new FeatureEngine(catalog, FeatureSettings.defaults());
 * // per worker thread: one FeatureInput and one FeatureVector, reused
 * input.reset().tenant(t).card(fingerprint).bin(pan.bin()).accountBody(body).device(d).ip(ip)
 *      .merchant(mid).amount(minor, digits).currency("JPY").mcc(mcc).merchantCountry("JP")
 *      .channel(Channel.ECOMMERCE).eventTime(receivedAtMillis);
 * engine.compute(input, vector);   // state before this event
 * ... decide, write the decision log ...
 * engine.record(input.outcome(approved, declinedForCvcOrExpiry));
 * }</pre>
 * At start-up, replay the decision log's last {@link dev.mamori.risk.features.FeatureEngine#retention()}
 * through {@code record} in time order. Call {@code expireIdle(now)} now and then to return memory.
 *
 * <h2>Features</h2>
 * Aggregates, for every entity {@code e} and tracked window {@code w}:
 * <ul>
 * <li>{@code e.count(w)} attempts, approved or not; {@code e.sum(w)} approved amount in major units;
 *     {@code e.declines(w)}; {@code e.declineRatio(w)} declines / count, 0 without attempts;
 *     {@code e.small(w)} attempts of at most {@link dev.mamori.risk.features.FeatureSettings#smallAmount()}
 *     (card-testing probes); {@code e.cvcFailures(w)} declines for a wrong CVC2 or expiry date.</li>
 * <li>{@code e.sequential(w)} for device, ip, email and merchant: distinct cards whose account
 *     number (PAN without check digit) lies within {@code sequentialGap} (1000) of another card's
 *     from the same source: someone walking through card numbers.</li>
 * <li>{@code e.distinct(of,w)}: card: distinct device, ip, email, address, merchant; device, ip,
 *     email, address, bin: distinct cards; merchant: distinct cards and BINs.</li>
 * </ul>
 * Facts: {@code amount}, {@code currency}, {@code channel} (ec, f2f, moto), {@code mcc},
 * {@code merchant.country}, {@code crossBorder} (merchant country known and not the issuer's),
 * {@code merchant.category} and {@code merchant.highRisk} ({@link dev.mamori.risk.features.MerchantCategories}),
 * {@code hour} (local, Asia/Tokyo by default), {@code card.sinceLast} (seconds since the card's
 * latest earlier attempt, {@link dev.mamori.risk.features.FeatureEngine#NO_EARLIER_ATTEMPT} when
 * none), {@code card.newDevice}, {@code card.newIp}, {@code card.newAddress}, {@code card.newMerchant}
 * (a value is present and not among the card's retained values; false when absent),
 * {@code card.amountRatio} (amount / mean of the card's last 16 approved non-zero amounts; 1 without
 * any). Declared for the authorization engine to fill: {@code list.blocked}, {@code list.allowed},
 * {@code cvc.present}, {@code cvc.matched}, {@code expiry.matched}, {@code threeDs.authenticated},
 * {@code eci}, {@code score}, {@code cardTesting.suspected}, {@code card.openToBuy}, {@code card.limit},
 * {@code card.status}.
 *
 * <h2>Windows and their error</h2>
 * Each window {@code w} is cut into {@code B} buckets of width {@code g = w / B}: 12 up to one hour,
 * 24 up to a day, 14 above (1m: 5 s, 1h: 5 min, 24h: 1 h, 7d: 12 h), changeable per window.
 * Counters and sums at time {@code t} are <em>exact</em> over the recorded events with time in
 * {@code [(i - B) g, (i + 1) g)}, {@code i = floor(t / g)}: that interval contains
 * {@code [t - w, t]} and lies within {@code (t - w - g, t + g)}. So a window never looks shorter than
 * its name, and looks at most one bucket longer: exact{@code [t-w, t]} &le; value &le;
 * exact{@code (t-w-g, t+g)}. (The right-hand {@code g} only matters for events that happened after
 * {@code t} but were recorded first.)
 *
 * <p>Distinct counts, {@code sequential} and {@code card.new*} use exact times, no buckets: they
 * count values last seen at or after {@code t - w}. They are exact up to a capacity per entity
 * (32 values; 1024 cards or BINs for merchants and BINs; 64 account numbers for {@code sequential})
 * and saturate there: the tables keep the most recently seen values, so a count is
 * {@code min(exact, capacity)}. Values are 64-bit keyed hashes, so two values collide with
 * probability about 2<sup>-64</sup> per pair.
 *
 * <p>Events may arrive late. Within {@link dev.mamori.risk.features.FeatureSettings#lateness()}
 * (10 s) of the latest event an entity has seen, every bound above holds (each ring keeps
 * {@code ceil(lateness / g)} spare buckets). A later event still counts in the windows whose ring
 * still holds its bucket, and is dropped from the others.
 *
 * <h2>Memory</h2>
 * Per entity: {@code 24 * sum(B + 1 + ceil(lateness / g))} bytes of buckets plus 16 bytes per
 * window (71 positions, about 1.8 KB with the default windows; at most 64 positions per window, as
 * a bit mask marks the positions in use, so reused buckets are never cleared) plus its distinct tables (16 bytes a value, grown by doubling up to the
 * capacity), 64 account numbers at most for sequential sources and 16 amounts for cards. A card
 * with a few devices and IPs takes about 2.2 KB in all (measured in {@code FeatureEngineFootprintTest}).
 * At most {@link dev.mamori.risk.features.FeatureSettings#maxEntities()} entities are kept (about;
 * the bound is per lock stripe, {@code ceil(maxEntities / stripes)} each): when a stripe is full,
 * the least recently active of 16 sampled entities goes (approximate LRU). An entity idle longer
 * than the retention (longest window plus one bucket plus the lateness) is treated as new and
 * dropped by {@code expireIdle}. Raw values are never kept: entities and table entries are SipHash
 * keys of (tenant, kind, value) under a random per-process key, so an attacker cannot aim
 * collisions at one card or stripe.
 *
 * <h2>What a restart loses</h2>
 * Everything lives in memory. Replaying the decision log's last retention rebuilds every
 * aggregate, distinct table and card habit exactly as if the process had not stopped (replaying the
 * same events in the same order gives the same vectors, whatever the hash key), <em>except</em>
 * {@code sequential}: the log holds no account numbers, so it starts empty and fills over the next
 * window. Entities the LRU bound had evicted may come back, as their events are replayed.
 */
package dev.mamori.risk.features;
