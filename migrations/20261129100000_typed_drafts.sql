-- Drafts typed: kind, sync state and operations are Postgres enums that
-- Rust enums map to, and a draft's state (what admins see) is defined
-- once, in the draft_status view, for every query that shows it.

create type draft_kind as enum ('pivot', 'callflow');
create type sync_state as enum ('idle', 'syncing', 'error', 'conflict');
create type sync_operation as enum ('create', 'replace', 'delete');
create type sync_result as enum ('ok', 'error', 'conflict');
create type draft_state as enum ('draft', 'synced', 'changed', 'syncing', 'error', 'conflict');

alter table draft
    drop constraint draft_kind_check,
    drop constraint draft_sync_state_check,
    drop constraint draft_pending_operation_check,
    alter column kind drop default,
    alter column kind type draft_kind using kind::draft_kind,
    alter column sync_state drop default,
    alter column sync_state type sync_state using sync_state::sync_state,
    alter column sync_state set default 'idle',
    alter column pending_operation type sync_operation using pending_operation::sync_operation,
    -- When the live callflow a draft is based on was read from Kazoo;
    -- synced_at is now set by syncs only.
    add column live_read_at timestamptz;

update draft set live_read_at = synced_at
 where kazoo_id is not null
   and not exists (select 1 from sync_log l where l.draft_id = draft.draft_id and l.result = 'ok');
update draft set synced_at = null where live_read_at is not null;

alter table sync_log
    drop constraint sync_log_operation_check,
    drop constraint sync_log_result_check,
    alter column operation type sync_operation using operation::sync_operation,
    alter column result type sync_result using result::sync_result;

-- A draft with its state: syncing, error and conflict as recorded; else
-- draft (never in Kazoo), synced (Kazoo has exactly this document) or
-- changed. A sync still "syncing" after two minutes was cut off (a crash
-- records no outcome) and may be resumed. Recreate this view when a
-- column is added to draft (`d.*` is fixed when the view is made).
create view draft_status as
select d.*,
       case when d.sync_state = 'syncing' then 'syncing'::draft_state
            when d.sync_state = 'error' then 'error'::draft_state
            when d.sync_state = 'conflict' then 'conflict'::draft_state
            when d.synced_document is null then 'draft'::draft_state
            when d.document = d.synced_document then 'synced'::draft_state
            else 'changed'::draft_state
       end as state,
       (d.sync_state = 'syncing' and d.sync_started_at > now() - interval '2 minutes') as sync_running
  from draft d;
