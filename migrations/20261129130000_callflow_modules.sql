-- The Callflows page: every live callflow of the account with the modules
-- its flow runs, in plain words. The routing snapshot already holds each
-- callflow (routed_callflow); it now also keeps the name of every module
-- in the flow (each name once, the first node's first, then by depth), as
-- the callflow model's `Callflow::nodes()` finds them. The snapshot is a
-- cache of Kazoo: it is emptied here and read again on the next page.

delete from account_snapshot;

alter table routed_callflow
    add column modules text[] not null default '{}';

