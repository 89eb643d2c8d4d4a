-- Numbers Routing joins each draft that edits a live callflow to the
-- numbers of that callflow: look them up by callflow, not by scanning the
-- account's numbers once per draft.
create index routed_number_callflow on routed_number (account_id, callflow_id);
