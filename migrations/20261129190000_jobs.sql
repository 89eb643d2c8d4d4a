-- Background jobs (bulk sync, routing refresh), coordinated through
-- Postgres only: every app instance runs a worker that takes items with
-- FOR UPDATE SKIP LOCKED, so no item runs twice and nothing lives in one
-- instance's memory. An item that is running holds a lease that its worker
-- renews; when the worker dies (even kill -9) the lease runs out and any
-- instance takes the item again. See app/src/jobs.rs.

create type job_kind as enum ('sync', 'refresh');

-- running: items are taken; paused: waits for a sign-in (Kazoo token
-- expired); cancelled: stopped by an admin between items; done: no item
-- left to run.
create type job_state as enum ('running', 'paused', 'cancelled', 'done');

-- queued: waits (until not_before); running: a worker holds its lease;
-- done / failed / skipped (the draft went, or cannot be synced): final;
-- cancelled: the job was cancelled before it ran.
create type job_item_state as enum ('queued', 'running', 'done', 'failed', 'skipped', 'cancelled');

create table job (
    job_id uuid primary key default gen_random_uuid(),
    account_id text not null,
    kind job_kind not null,
    state job_state not null default 'running',
    -- Why a paused job waits, in the admin's words.
    pause_reason text,
    created_by text not null,
    created_at timestamptz not null default now(),
    finished_at timestamptz,
    -- The Kazoo token the job acts with (as the session holds it); set
    -- again at each sign-in of the account, cleared when the job ends.
    kazoo_token text,
    -- A refresh's own progress (callflows read of callflows listed).
    progress_done integer not null default 0,
    progress_total integer not null default 0,
    -- A refresh asked for while this one was already reading: it reads
    -- again when done, so every asker gets Kazoo as it was when they asked.
    rerun boolean not null default false,
    -- When the job last changed, for the list's order and the live page.
    updated_at timestamptz not null default now()
);

create index job_account on job (account_id, created_at desc);
create index job_active on job (state) where state in ('running', 'paused');
-- One routing refresh at a time per account: a second one joins it.
create unique index job_one_refresh on job (account_id)
    where kind = 'refresh' and state in ('running', 'paused');

create table job_item (
    job_id uuid not null references job on delete cascade,
    item_no integer not null,
    -- The draft a sync item syncs (no foreign key: a draft discarded
    -- meanwhile makes the item 'skipped', its record kept).
    draft_id uuid,
    draft_name text,
    state job_item_state not null default 'queued',
    -- Runs started (a run cut off by a crash counts).
    attempts integer not null default 0,
    not_before timestamptz not null default now(),
    lease_until timestamptz,
    worker text,
    -- The outcome in the admin's words (failed, skipped) or the last
    -- retryable failure (queued again).
    message text,
    started_at timestamptz,
    finished_at timestamptz,
    primary key (job_id, item_no)
);

create index job_item_ready on job_item (job_id, item_no) where state in ('queued', 'running');
create index job_item_draft on job_item (draft_id) where state in ('queued', 'running');
