// Keeps sup_daemon a valid library while it has no other sources.
