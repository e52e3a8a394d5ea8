// Keeps sup_common a valid library while it has no other sources.
