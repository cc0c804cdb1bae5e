-- A card's devices come from its history read (V2's card index, device_hash among the columns); nothing
-- reads acs_risk_decisions by device any more, and every AReq paid for this index.
drop index if exists threeds.acs_risk_decisions_device;
