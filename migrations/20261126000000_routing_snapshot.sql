-- Numbers Routing reads from this snapshot of the account's routing in
-- Kazoo, so its pages stay fast at 10,000 numbers. It is rebuilt from
-- Kazoo on sign-in and on "Refresh from Kazoo"; Kazoo stays the truth.

create table account_snapshot (
    account_id text primary key,
    refreshed_at timestamptz not null default now()
);

create table routed_number (
    account_id text not null references account_snapshot (account_id) on delete cascade,
    -- E.164 as Kazoo stores it, or a callflow-only number such as 1001.
    number text not null,
    -- Kazoo's number state; null when the number is not a DID of the account.
    number_state text,
    route_kind text not null check (route_kind in ('pivot', 'callflow', 'none')),
    callflow_id text,
    callflow_name text,
    voice_url text,
    pivot_method text,
    req_format text,
    primary key (account_id, number)
);
