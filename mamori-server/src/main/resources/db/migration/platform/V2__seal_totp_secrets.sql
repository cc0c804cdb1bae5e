-- TOTP secrets are stored sealed (AES-GCM under a key derived from the platform secret), which
-- needs more room than the clear base32 secret did. PCI DSS 8.3.2: authentication factors are
-- unreadable in storage.
alter table users alter column totp_secret set data type varchar(200);
