// Keeps sup_ctl a valid library while it has no other sources.
