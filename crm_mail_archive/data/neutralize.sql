-- a neutralized copy (test, staging) reads the archive of the database it was copied from,
-- but never writes into it nor deletes from it
UPDATE crm_mail_archive_storage
   SET read_only = true;
