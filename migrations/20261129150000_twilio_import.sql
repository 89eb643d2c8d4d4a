-- Moving off Twilio: an IncomingPhoneNumbers export as read, classified
-- and grouped (kazoo::twilio::Plan), kept so the preview, Create drafts
-- and the CSV download all work from the same plan. What Create drafts
-- did (per group: the draft made, or the drafts that already had the
-- numbers) is kept with it.

create table twilio_import (
    twilio_import_id uuid primary key default gen_random_uuid(),
    account_id text not null,
    created_by text not null,
    created_at timestamptz not null default now(),
    -- Every number with its class and reason, and the groups of movable
    -- numbers (one pivot draft each).
    plan jsonb not null,
    -- The last Create drafts: per group, the draft made or found; null
    -- until then.
    result jsonb,
    result_by text,
    result_at timestamptz
);

create index twilio_import_account on twilio_import (account_id, created_at desc);
