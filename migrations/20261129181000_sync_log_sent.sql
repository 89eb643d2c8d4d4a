-- What each create of a draft's callflow sent, so a retry finds the
-- callflow an earlier create made although the draft was renamed or its
-- numbers changed since: a create whose answer was lost may have gone
-- through, and the retry looks for a callflow with the name and numbers
-- of any such create, not only those of the draft now.

alter table sync_log
    -- The callflow's name as sent (null: it had none), creates only.
    add column sent_name text,
    -- Its numbers as sent, sorted; null for other calls.
    add column sent_numbers text[],
    -- A callflow call that may have been done in Kazoo: true from its
    -- start; false once Kazoo refused it (a 4xx) or when it was never
    -- sent. A timeout, a broken connection, a 5xx or a crash leave it
    -- true. (Menu and greeting calls keep false: they have their own way
    -- to find what an earlier call made.)
    add column maybe_written boolean not null default false;
