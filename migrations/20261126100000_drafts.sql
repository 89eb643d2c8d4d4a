-- Drafts: pivot actions (and later callflows) edited here and synced to
-- Kazoo. Postgres is the truth for drafts, their revisions, sync state and
-- the sync log; Kazoo is the truth for what is live.

create table draft (
    draft_id uuid primary key default gen_random_uuid(),
    account_id text not null,
    name text not null,
    kind text not null default 'pivot' check (kind in ('pivot', 'callflow')),
    -- The callflow document sync will send, as the callflow model prints it.
    document jsonb not null,
    -- The Kazoo callflow this draft is (or was last synced as); null until
    -- the first create succeeds.
    kazoo_id text,
    -- The live document's revision when the draft was based on it or last
    -- synced; sent as If-Match so a change made in Kazoo is not overwritten.
    kazoo_revision text,
    -- What was last synced (or imported from Kazoo); "changed since sync"
    -- compares the document with it.
    synced_document jsonb,
    sync_state text not null default 'idle'
        check (sync_state in ('idle', 'syncing', 'error', 'conflict')),
    -- The Kazoo call recorded before it is made, cleared when its outcome
    -- is recorded: a crash in between leaves it here for the retry.
    pending_operation text check (pending_operation in ('create', 'replace', 'delete')),
    sync_started_at timestamptz,
    last_error text,
    -- Optimistic locking: every save names the version it was based on.
    version integer not null default 1,
    created_by text not null,
    updated_by text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    synced_at timestamptz,
    constraint draft_kazoo_id_key unique (account_id, kazoo_id)
);

create index draft_account_updated on draft (account_id, updated_at desc);

-- Every saved version of a draft's document, so nothing saved is lost.
create table draft_revision (
    draft_id uuid not null references draft (draft_id) on delete cascade,
    version integer not null,
    document jsonb not null,
    saved_by text not null,
    saved_at timestamptz not null default now(),
    primary key (draft_id, version)
);

-- The numbers a draft routes, for Numbers Routing's draft state column.
create table draft_number (
    draft_id uuid not null references draft (draft_id) on delete cascade,
    account_id text not null,
    number text not null,
    primary key (draft_id, number)
);

create index draft_number_lookup on draft_number (account_id, number);

-- One row per sync attempt; kept when the draft is discarded.
create table sync_log (
    sync_log_id bigint generated always as identity primary key,
    draft_id uuid references draft (draft_id) on delete set null,
    account_id text not null,
    draft_name text not null,
    operation text not null check (operation in ('create', 'replace', 'delete')),
    kazoo_id text,
    actor text not null,
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    -- null while the call is in flight (or was cut off by a crash)
    result text check (result in ('ok', 'error', 'conflict')),
    message text,
    kazoo_request_id text
);

create index sync_log_draft on sync_log (draft_id, started_at desc);
create index sync_log_account on sync_log (account_id, started_at desc);

-- Tokens for the JSON API, created by an admin; only a SHA-256 is kept.
create table api_token (
    api_token_id uuid primary key default gen_random_uuid(),
    account_id text not null,
    account_name text not null,
    name text not null,
    token_hash bytea not null,
    created_by text not null,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    constraint api_token_hash_key unique (token_hash)
);

create index api_token_account on api_token (account_id, created_at desc);
