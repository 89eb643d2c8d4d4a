-- The callflow editor: documents keep their key order, drafts carry the
-- menu documents their menu nodes edit, and the sync log names which
-- Kazoo document each call wrote.
--
-- Key order: Kazoo (CouchDB) keeps a document's keys in the order they
-- were sent, and a live callflow synced back unchanged must be byte for
-- byte what it was. jsonb sorts keys, json keeps the text as written, so
-- the documents are json; equality compares them as jsonb.

drop view draft_status;

alter table draft
    alter column document type json using document::json,
    alter column synced_document type json using synced_document::json,
    -- The menu documents (and their greetings) the draft's menu nodes
    -- edit, as the editor's `MenuDraft` list; synced first, in order.
    add column menus json not null default '[]',
    -- The menus as Kazoo had them at the last sync or import.
    add column synced_menus json;

alter table draft_revision
    alter column document type json using document::json,
    add column menus json not null default '[]';

create type sync_resource as enum ('callflow', 'menu', 'media');

alter table sync_log
    -- Which document the call wrote: the callflow, or one of the draft's
    -- menus or greeting media (resource_ref = the menu's key in the draft).
    add column resource sync_resource not null default 'callflow',
    add column resource_ref text;

create index sync_log_resource on sync_log (draft_id, resource, resource_ref)
    where resource <> 'callflow';

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
       (d.sync_state = 'syncing' and d.sync_started_at > now() - interval '2 minutes') as sync_running
  from draft d;
