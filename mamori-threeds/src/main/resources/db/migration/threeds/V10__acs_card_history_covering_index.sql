-- The risk-based decision reads the card's recent decisions on every AReq (AcsRiskStore.cardHistory and
-- the counts beside it). With V2's index on (tenant, card, time) only, each of those rows was then
-- fetched from the table, where a card's rows lie scattered among every other card's: on H2 that read
-- and decoded a page per row, the ACS's largest cost and most of its garbage. The index now holds every
-- column those reads use, so a card's history is read from a few adjacent index pages alone.
-- On PostgreSQL the migration locks acs_risk_decisions while the index is built (Flyway runs it in one
-- transaction): on a large table, run it with the ACS stopped, or build the index CONCURRENTLY first.
drop index if exists threeds.acs_risk_decisions_card;
create index acs_risk_decisions_card on threeds.acs_risk_decisions
    (tenant_id, card_fingerprint, decided_at, status, exemption, device_hash, browser_language, browser_tz, acs_trans_id);
