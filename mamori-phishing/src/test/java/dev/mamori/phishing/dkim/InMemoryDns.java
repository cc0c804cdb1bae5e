package dev.mamori.phishing.dkim;

import dev.mamori.phishing.dns.NoSuchNames;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** TXT records in a map; names not in it are NXDOMAIN unless marked as failing. */
final class InMemoryDns extends NoSuchNames {
    private final Map<String, List<String>> txt = new HashMap<>();
    private final Map<String, Status> failures = new HashMap<>();
    int lookups;

    InMemoryDns txt(String name, String... records) {
        txt.put(name.toLowerCase(Locale.ROOT), List.of(records));
        return this;
    }

    InMemoryDns fail(String name, Status status) {
        failures.put(name.toLowerCase(Locale.ROOT), status);
        return this;
    }

    @Override
    public DnsAnswer<String> txt(String name) {
        lookups++;
        String key = name.toLowerCase(Locale.ROOT);
        if (failures.containsKey(key)) {
            return DnsAnswer.of(failures.get(key));
        }
        List<String> records = txt.get(key);
        return records == null ? DnsAnswer.of(Status.NO_SUCH_NAME) : DnsAnswer.found(records);
    }
}
