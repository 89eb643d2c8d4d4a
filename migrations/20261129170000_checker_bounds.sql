-- The checker's bounds: walks are kept a week after their last move
-- (updated_at), and an account keeps its newest 50 reports and 50 walks
-- (the app deletes the rest when it stores one). These indexes serve
-- those deletes.

create index checker_walk_updated on checker_walk (updated_at);

create index checker_report_account_created on checker_report (account_id, created_at);

create index checker_walk_account_updated on checker_walk (account_id, updated_at);
