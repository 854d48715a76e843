-- Publishing: connected social accounts, their encrypted credentials, the
-- files of posts and the durable post jobs. Accounts, credentials and jobs
-- belong to a workspace, like projects; post files are stored once by hash.

-- A credential is one platform user's OAuth token, encrypted by the
-- server's secret key (never stored here). Several accounts may share it:
-- a LinkedIn member's token also posts to the pages they administer.
CREATE TABLE social_credentials (
	id             TEXT PRIMARY KEY,
	workspace_id   TEXT NOT NULL REFERENCES workspaces (id),
	platform       TEXT NOT NULL,
	subject        TEXT NOT NULL,
	revision       BIGINT NOT NULL,
	token          BYTEA NOT NULL,
	expires_at     TIMESTAMPTZ,
	refreshable    BOOLEAN NOT NULL,
	status         TEXT NOT NULL,
	status_message TEXT NOT NULL,
	created_at     TIMESTAMPTZ NOT NULL,
	updated_at     TIMESTAMPTZ NOT NULL,
	UNIQUE (workspace_id, platform, subject)
);

CREATE TABLE social_accounts (
	id            TEXT PRIMARY KEY,
	workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
	credential_id TEXT NOT NULL REFERENCES social_credentials (id),
	platform      TEXT NOT NULL,
	kind          TEXT NOT NULL,
	external_id   TEXT NOT NULL,
	name          TEXT NOT NULL,
	username      TEXT NOT NULL,
	profile_id    TEXT REFERENCES profiles (id) ON DELETE SET NULL,
	created_at    TIMESTAMPTZ NOT NULL,
	updated_at    TIMESTAMPTZ NOT NULL,
	UNIQUE (workspace_id, platform, external_id)
);
CREATE INDEX social_accounts_credential ON social_accounts (credential_id);

-- The PDFs and images of posts, by content hash. Only these are ever
-- served at signed public addresses, never the studio's other assets.
CREATE TABLE post_media (
	id         TEXT PRIMARY KEY,
	media_type TEXT NOT NULL,
	size       BIGINT NOT NULL,
	data       BYTEA NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE post_jobs (
	id            TEXT PRIMARY KEY,
	workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
	group_id      TEXT NOT NULL,
	project_id    TEXT NOT NULL,
	project_title TEXT NOT NULL,
	platform      TEXT NOT NULL,
	account_id    TEXT REFERENCES social_accounts (id) ON DELETE SET NULL,
	account_name  TEXT NOT NULL,
	caption       TEXT NOT NULL,
	title         TEXT NOT NULL,
	options       TEXT NOT NULL,
	media         TEXT NOT NULL,
	preview       TEXT NOT NULL, -- a post media reference: a small picture of the first slide
	part          BIGINT NOT NULL,
	parts         BIGINT NOT NULL,
	state         TEXT NOT NULL,
	scheduled_at  TIMESTAMPTZ NOT NULL,
	run_at        TIMESTAMPTZ NOT NULL,
	attempts      BIGINT NOT NULL,
	lease_owner   TEXT NOT NULL,
	lease_until   TIMESTAMPTZ,
	checkpoint    TEXT NOT NULL,
	post_id       TEXT NOT NULL,
	post_url      TEXT NOT NULL,
	error         TEXT NOT NULL,
	created_at    TIMESTAMPTZ NOT NULL,
	updated_at    TIMESTAMPTZ NOT NULL,
	finished_at   TIMESTAMPTZ,
	-- A post is only ever marked published with the platform's id of it.
	CHECK (state <> 'published' OR post_id <> '')
);
CREATE INDEX post_jobs_due ON post_jobs (state, run_at);
CREATE INDEX post_jobs_scheduled ON post_jobs (workspace_id, scheduled_at);
CREATE INDEX post_jobs_project ON post_jobs (workspace_id, project_id);
CREATE INDEX post_jobs_account ON post_jobs (account_id);
