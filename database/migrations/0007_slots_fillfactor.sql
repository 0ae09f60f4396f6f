-- Leave room on each slots page so that marking a slot held or free is a HOT update (no new index
-- entries). Otherwise the first update of a freshly published slot moves the row and inserts into
-- the slots indexes, and SERIALIZABLE bookings of neighbouring slots, which read those index pages,
-- fail each other. Applies to pages written from now on. Safe to run again.
ALTER TABLE slots SET (fillfactor = 70);
