// Keeps sup_webui a valid library while it has no other sources.
