-- The circuit breaker (issue 5) falls back to the rule set version that was active before the one it
-- stops: each activation remembers it. A stopped version has status 'stopped' and the reason.
alter table rule_sets add column previous_active int;
alter table rule_sets add column stopped_reason varchar(300);
alter table rule_sets add column stopped_at timestamp with time zone;
