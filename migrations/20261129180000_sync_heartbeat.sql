-- A sync in flight says so every 5 seconds: it sets its draft's
-- sync_started_at to now() (the heartbeat, app/src/sync/db.rs HEARTBEAT).
-- A draft still 'syncing' whose heartbeat is older than 15 seconds
-- (LIVENESS there) was cut off, by a crash or a kill, and may be synced or
-- discarded again; until then discard, save and a second sync are
-- refused, however long the sync takes. Before, a sync counted as running
-- for 2 minutes after it started, so a longer one (hangs and retries) let
-- a discard through and then made a callflow no draft knew.
--
-- The rule is this one function, used by the draft_status view and by
-- every query that asks; a test holds it to the Rust constants.

create function sync_is_running(state sync_state, started_at timestamptz)
    returns boolean
    language sql stable
as $$
    select state = 'syncing' and started_at > now() - interval '15 seconds'
$$;

-- As in 20261129140000_callflow_editor.sql, with the rule above.
drop view draft_status;

create view draft_status as
select d.*,
       case when d.sync_state = 'syncing' then 'syncing'::draft_state
            when d.sync_state = 'error' then 'error'::draft_state
            when d.sync_state = 'conflict' then 'conflict'::draft_state
            when d.synced_document is null then 'draft'::draft_state
            when d.document::jsonb = d.synced_document::jsonb
                 and d.menus::jsonb = coalesce(d.synced_menus, d.menus)::jsonb
                then 'synced'::draft_state
            else 'changed'::draft_state
       end as state,
       sync_is_running(d.sync_state, d.sync_started_at) as sync_running
  from draft d;
