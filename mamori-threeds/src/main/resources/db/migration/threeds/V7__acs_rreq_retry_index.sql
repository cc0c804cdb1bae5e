-- The ACS's job looks for RReqs whose delivery failed every few seconds; without this index that read
-- scanned every transaction the ACS ever kept.
create index acs_transactions_rreq on threeds.acs_transactions (rreq_status, completed_at);
