-- Failed sign-ins, so that the sign-in limits hold across every instance
-- on one database. A key is "account:EMAIL" or "address:IP"; rows older
-- than the limits' window are deleted as new ones come in.
CREATE TABLE sign_in_failures (
	key TEXT NOT NULL,
	at  TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
