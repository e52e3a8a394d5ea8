// Keeps sup_xmlrpc a valid library while it has no other sources.
