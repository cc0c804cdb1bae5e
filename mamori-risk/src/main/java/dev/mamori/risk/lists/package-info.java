/**
 * Block and allow lists for the authorization path: card fingerprints, devices, IP addresses and
 * CIDR ranges, e-mail addresses, BIN ranges and Japanese delivery addresses (不正配送先).
 *
 * <h2>Use</h2>
 * The persistence layer loads {@link dev.mamori.risk.lists.ListEntry} rows, builds an immutable
 * {@link dev.mamori.risk.lists.ListIndex} and swaps it in atomically when the lists change. Each
 * authorization calls {@link dev.mamori.risk.lists.ListIndex#match} with a
 * {@link dev.mamori.risk.lists.ListQuery} and the clock's {@code now}; the
 * {@link dev.mamori.risk.lists.ListHits} name the block and allow entries that matched (kind, id,
 * reason). Whether an allow hit outweighs a block hit is the decision engine's policy. Values are
 * checked when an entry is created ({@link dev.mamori.risk.lists.InvalidListValueException} names
 * the rule, never the value); {@link dev.mamori.risk.lists.ListValues#canonical} gives the form
 * to store for finding duplicates.
 *
 * <h2>Value rules</h2>
 * <ul>
 *   <li>IP: IPv4 dotted quad (no leading zeros) or any RFC 4291 IPv6 text, optionally
 *       {@code /prefix}; parsed by hand so no DNS lookup can ever happen; IPv4-mapped IPv6 is
 *       IPv4; a range must have no bits set after its prefix; /0 is refused as a likely mistake.</li>
 *   <li>E-mail: trimmed and lower-cased, domain in punycode. No Gmail dot or tag tricks by default;
 *       {@link dev.mamori.risk.lists.EmailMatching#IGNORE_PLUS_TAG} drops {@code +tags} on both
 *       sides. {@code @domain} blocks a whole domain.</li>
 *   <li>BIN: 6–11 digits, or {@code low-high} of equal length. An entry of n digits is compared
 *       with the first n digits of the query; a query with fewer digits does not match it.</li>
 * </ul>
 *
 * <h2>Japanese delivery addresses</h2>
 * "One fraud drop address written five ways is one entry." Without a town gazetteer
 * {@link dev.mamori.risk.lists.JapaneseAddressNormalizer} works from the shape of the text, in
 * this order:
 * <ol>
 *   <li>NFKC (full-width letters and digits, half-width katakana, ideographic space), lower case;
 *       every dash (‐ ‑ – — ― − ─ ━ －) becomes '-'; spaces and punctuation become one boundary;
 *       old and variant kanji (﨑嵜碕→崎, 髙→高, 邊邉→辺, 澤→沢, 廣→広, 濱→浜, 齋齊斎→斉, 龍→竜,
 *       國→国, 櫻→桜, 舘→館, 冨→富 and the 旧字体 table) become today's forms; 々 repeats the kanji
 *       before it.</li>
 *   <li>A postal code ({@code 〒100-0013}, {@code 100-0013}, {@code 1000013}) at the start, and any
 *       code after 〒, is removed.</li>
 *   <li>Kanji numerals (一…九, 十百千, 〇, 壱弐参拾) become arabic only where they count: directly
 *       before 丁目, 丁, 番地, 番, 号, 条, 線, 地割, 室, 階, 棟, or beside a separator with another
 *       number on its other side, or after 丁目/番地/番. So 一丁目二番三号 is 1丁目2番3号 while 四谷,
 *       九段, 八王子, 十日町, 三田, 五反田, 六本木 keep their names. 番町, 番丁, 番街 and 丁堀 are
 *       names, not markers (一番町, 八丁堀); 麻布十番 is listed as an exception. Digit strings
 *       without units (五〇一) are read digit by digit, others positionally (千二百三十四 = 1234).</li>
 *   <li>の, ノ, 之, ー, 〜 between two numbers (1の2の3, 5番地の3, 1ー2) are separators.</li>
 *   <li>Hokkaido grid addresses are completed: 北1西2 and 北1条西2 mean 北1条西2丁目.</li>
 *   <li>The block number starts at the first number that is not part of a 条, 線, 地割 or 番町 name.
 *       Up to three numbers joined by 丁目/丁, 番地/番, 号 or '-' form it ({@code 1-3-1}); a fourth
 *       number after '-' is the room; a number before 号室/室 is the room; a number before 階, F, 棟,
 *       号棟 or 号館 names a floor or building. After the block, the room is the last number marked
 *       号室/室/号, else the last bare number standing alone or of three or more digits
 *       (ハイツ山田 202, ハイツ山田202, but not サンシャイン60); everything else is the building.</li>
 *   <li>The locality (text before the block number) loses: a leading prefecture, with or without
 *       its 都道府県 suffix (kept apart in {@code prefecture}); 大字 and 字; a county (虻田郡倶知安町 →
 *       倶知安町; 小郡市 and 大和郡山市 are cities); in Kyoto, the street and direction before the
 *       town (中京区寺町通御池上る上本能寺前町 → 中京区上本能寺前町); 第 before N地割. The connecting
 *       kana ヶケヵカがガ个箇, ノの之 and ッツつ between two kanji are dropped (霞ヶ関, 霞ケ関, 霞が関 → 霞関;
 *       市ヶ谷 → 市谷; 四ツ谷 → 四谷); katakana is folded to hiragana.</li>
 * </ol>
 * The key is {@code locality|block} or {@code locality|block|room号室}; normalizing a key returns it.
 * An entry matches an observed address when locality and block number are equal, the room is
 * equal or the entry names none, and the prefectures are equal or one is unknown. The building
 * name is normalized but never compared: it is often omitted or written in katakana or English.
 *
 * <h3>Trade-offs and known limits</h3>
 * <ul>
 *   <li>The prefecture is not in the key, so 東京都千代田区… and 千代田区… are one entry. Two places
 *       in different prefectures collide only when city, town, block and room all agree (府中市
 *       exists in Tokyo and Hiroshima); when both addresses name their prefecture,
 *       {@code matches} still tells them apart. A city omitted entirely (霞が関1-3-1) does not
 *       match.</li>
 *   <li>Dropping connecting kana makes 星ヶ丘 and 星丘 one name; they would have to be in the same
 *       city with the same block number to collide.</li>
 *   <li>A bare prefecture name is stripped unless 市区町村郡 follows it or the name is one of the
 *       cities that begin with one (長野原町, 大阪狭山市).</li>
 *   <li>Without a gazetteer, {@code 1-1-501} cannot be told from 1丁目1番501号; it is read as a
 *       three-part block. {@code 5番地 202} is read as 5-202, not 5 and room 202. Place names whose
 *       numeral sits before a block marker, other than those listed, are read as numbers
 *       (consistently, so spellings still agree: 東十条 becomes 東10条). Room letters (101A) are kept
 *       in the building, not the room.</li>
 *   <li>Kyoto addresses that put the street after the town, and 通り names without a direction,
 *       are kept as written.</li>
 *   <li>An observed address is normalized once per {@code match} call (a few short strings, no
 *       regular expressions), and only when the index holds delivery addresses.</li>
 * </ul>
 */
package dev.mamori.risk.lists;
