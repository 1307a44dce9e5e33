-- Delivered and abandoned messages no longer keep their bodies (live links
-- and codes); the worker now erases them as it finishes with a message.
UPDATE email_outbox SET text_body = '', html_body = '' WHERE status IN ('sent', 'failed');
