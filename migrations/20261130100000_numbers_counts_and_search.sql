-- Numbers Routing without a count of the account's rows per page view
-- (issue 12): the snapshot keeps how many numbers it has of each route
-- kind, and a trigram index serves the substring search.
--
-- The counts are kept by statement triggers on routed_number, so every
-- writer (the refresh's replace, a sync's reroute) keeps them right in
-- its own transaction. Both writers lock the account's snapshot row
-- first, so the triggers' updates of it wait for nobody new.

alter table account_snapshot
    add column pivot_numbers bigint not null default 0,
    add column callflow_numbers bigint not null default 0,
    add column unrouted_numbers bigint not null default 0;

update account_snapshot s
   set pivot_numbers = c.pivot, callflow_numbers = c.callflow, unrouted_numbers = c.unrouted
  from (select account_id,
               count(*) filter (where route_kind = 'pivot') as pivot,
               count(*) filter (where route_kind = 'callflow') as callflow,
               count(*) filter (where route_kind = 'none') as unrouted
          from routed_number group by account_id) c
 where c.account_id = s.account_id;

-- Adds `sign` times the rows of `changed` to their accounts' counts.
create function routed_number_count(changed_rows bigint, account text, kind text, sign integer)
    returns void
    language sql
as $$
    update account_snapshot
       set pivot_numbers = pivot_numbers + case when kind = 'pivot' then sign * changed_rows else 0 end,
           callflow_numbers = callflow_numbers + case when kind = 'callflow' then sign * changed_rows else 0 end,
           unrouted_numbers = unrouted_numbers + case when kind = 'none' then sign * changed_rows else 0 end
     where account_id = account
$$;

create function routed_number_counts_insert() returns trigger
    language plpgsql
as $$
begin
    perform routed_number_count(count(*), account_id, route_kind, 1)
       from new_rows group by account_id, route_kind;
    return null;
end
$$;

create function routed_number_counts_delete() returns trigger
    language plpgsql
as $$
begin
    perform routed_number_count(count(*), account_id, route_kind, -1)
       from old_rows group by account_id, route_kind;
    return null;
end
$$;

create function routed_number_counts_update() returns trigger
    language plpgsql
as $$
begin
    perform routed_number_count(count(*), account_id, route_kind, -1)
       from old_rows group by account_id, route_kind;
    perform routed_number_count(count(*), account_id, route_kind, 1)
       from new_rows group by account_id, route_kind;
    return null;
end
$$;

create trigger routed_number_counts_insert after insert on routed_number
    referencing new table as new_rows
    for each statement execute function routed_number_counts_insert();
create trigger routed_number_counts_delete after delete on routed_number
    referencing old table as old_rows
    for each statement execute function routed_number_counts_delete();
create trigger routed_number_counts_update after update on routed_number
    referencing old table as old_rows new table as new_rows
    for each statement execute function routed_number_counts_update();

-- The search is a substring match in search_text (see
-- app/src/numbers/db/search.rs): a trigram index finds the rows of a
-- search of three characters or more without reading every row.
create extension if not exists pg_trgm;
create index routed_number_search on routed_number using gin (search_text gin_trgm_ops);
-- The route filter pages through one kind in number order.
create index routed_number_route on routed_number (account_id, route_kind, number);
