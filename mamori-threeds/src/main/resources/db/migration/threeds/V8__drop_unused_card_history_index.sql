-- The card's 3-D Secure history is read from acs_risk_decisions (V2's index) since the ACS reads it in
-- one query; nothing reads acs_transactions by card any more, and every AReq paid for this index.
drop index if exists threeds.acs_transactions_card;
