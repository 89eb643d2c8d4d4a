-- Numbers Routing as Kazoo routes (cf_flow.erl): each number's row says
-- how its callflow was found (exact number, a pattern, the no_match
-- catch-all) and which node runs first, skipped nodes passed over. The
-- account's callflows are kept with what routing needs (numbers,
-- patterns, the node that runs first), so a sync can work out again the
-- numbers it affects, and a number typed in a form can be looked up. The
-- snapshot is a cache of Kazoo: it is emptied here and read again on the
-- next page.

delete from account_snapshot;

alter table routed_number
    add column route_via text check (route_via in ('number', 'pattern', 'no_match')),
    -- The pattern that matched, for route_via = 'pattern'.
    add column matched_pattern text,
    -- The node that runs first: its module and a one-line summary; both
    -- null when none runs (a skipped node without a `_` child).
    add column entry_module text,
    add column entry_summary text,
    -- Modules of the nodes passed over (skip_module), outermost first.
    add column skipped_modules text[] not null default '{}';

create table routed_callflow (
    account_id text not null references account_snapshot (account_id) on delete cascade,
    callflow_id text not null,
    name text,
    numbers text[] not null default '{}',
    patterns text[] not null default '{}',
    -- What a call entering it reaches first, as routed_number shows it.
    route_kind text not null check (route_kind in ('pivot', 'callflow')),
    entry_module text,
    entry_summary text,
    voice_url text,
    pivot_method text,
    req_format text,
    skipped_modules text[] not null default '{}',
    primary key (account_id, callflow_id)
);
