-- The Pivot checker. A check's report is kept so the page a form post
-- leads to (and its reloads) can show it; a walk of a call keeps its
-- transcript and where it stands, so it goes on from a form post without
-- JavaScript and survives a reload. Both belong to an account; both are
-- working notes, not drafts: reports are kept a day, walks a week (older
-- ones are deleted when a new one is made).

create table checker_report (
    checker_report_id uuid primary key default gen_random_uuid(),
    account_id text not null,
    created_by text not null,
    created_at timestamptz not null default now(),
    -- What was asked: the form's fields, as the app's `CheckForm` prints them.
    form jsonb not null,
    -- The report, as the app's `CheckReport` prints it.
    report jsonb not null
);

create index checker_report_created on checker_report (created_at);

create table checker_walk (
    checker_walk_id uuid primary key default gen_random_uuid(),
    account_id text not null,
    created_by text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    -- How the walk calls: voice URL, method, formats, timeout and the
    -- made-up call's From, To and CallSid.
    setup jsonb not null,
    -- Every request made (URL, method, parameters, status, latency) and
    -- what the caller heard or what happened after it.
    transcript jsonb not null,
    -- What the walk needs to go on: the document waiting at a Gather
    -- (its URL, the verb's place, the user's <Set> variables), or that
    -- the call ended.
    state jsonb not null,
    -- Requests made so far (at most the app's limit).
    requests integer not null default 0,
    -- One more at every move. A post names the version its page showed,
    -- so a second tab or a double click cannot walk on from a stale page.
    version integer not null default 1
);

create index checker_walk_created on checker_walk (created_at);
