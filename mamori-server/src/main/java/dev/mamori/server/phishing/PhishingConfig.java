package dev.mamori.server.phishing;

import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.dns.DnsJavaResolver;
import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.mail.MessageAuthenticator;
import dev.mamori.server.config.MamoriProperties;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/** Wires the anti-phishing module: the phishing schema through the server's transactions, DNS from the settings. */
@Configuration
public class PhishingConfig {

    /** The system's resolvers, or every lookup to {@code mamori.phishing.dns-server}. */
    @Bean
    DnsResolver phishingDns(MamoriProperties properties) {
        MamoriProperties.Phishing settings = properties.phishing();
        return settings.dnsServer() == null ? DnsJavaResolver.system(settings.dnsTimeout())
                : DnsJavaResolver.forServer(settings.dnsServer(), settings.dnsTimeout());
    }

    /** SPF, DKIM and DMARC for received messages, named {@code mamori.phishing.authserv-id} in Authentication-Results. */
    @Bean
    MessageAuthenticator messageAuthenticator(DnsResolver phishingDns, Clock clock, MamoriProperties properties) {
        return new MessageAuthenticator(phishingDns, clock, properties.phishing().authservId());
    }

    @Bean
    @DependsOn("moduleMigrations")
    PhishingModule phishingModule(DataSource dataSource, DnsResolver phishingDns, Clock clock) {
        return new PhishingModule(new TransactionAwareDataSourceProxy(dataSource), phishingDns, clock);
    }
}
