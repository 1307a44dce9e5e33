-- The language an account reads its pages and mails in: set at sign-up to
-- the language the sign-up page was shown in, changed on the profile or in
-- the footer. NULL for accounts made before languages (and by the CLI):
-- their mails use DEFAULT_LANGUAGE.
ALTER TABLE users ADD COLUMN language TEXT;
