-- The risk-based decision reads each card's recent challenges (acs_transactions by tenant and card
-- fingerprint since a time) on every AReq; without this index that read scanned the tenant's
-- whole window of transactions.
create index acs_transactions_card on threeds.acs_transactions (tenant_id, card_fingerprint, created_at);
