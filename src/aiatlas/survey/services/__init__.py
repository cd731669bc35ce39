"""The survey's operations, one transaction each: forms (upload, settings), invitations
(invite, remind, outbox) and responses (save a page, submit)."""
