-- Workspaces and accounts for team servers. Every project, brand profile,
-- preset and image belongs to a workspace; what the database held before
-- moves to the first workspace, 'default', losing nothing.
CREATE TABLE workspaces (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	created_at TIMESTAMPTZ NOT NULL
);
INSERT INTO workspaces (id, name, created_at) VALUES ('default', 'Studio', now());

ALTER TABLE projects ADD COLUMN workspace_id TEXT NOT NULL DEFAULT 'default' REFERENCES workspaces (id);
ALTER TABLE projects ALTER COLUMN workspace_id DROP DEFAULT;
CREATE INDEX projects_workspace ON projects (workspace_id, updated_at);

-- Profile and preset names become unique per workspace.
ALTER TABLE profiles ADD COLUMN workspace_id TEXT NOT NULL DEFAULT 'default' REFERENCES workspaces (id);
ALTER TABLE profiles ALTER COLUMN workspace_id DROP DEFAULT;
ALTER TABLE profiles DROP CONSTRAINT profiles_name_key;
ALTER TABLE profiles ADD CONSTRAINT profiles_workspace_id_name_key UNIQUE (workspace_id, name);
-- At most one default profile per workspace.
DROP INDEX profiles_one_default;
CREATE UNIQUE INDEX profiles_one_default ON profiles (workspace_id) WHERE is_default;
ALTER TABLE presets ADD COLUMN workspace_id TEXT NOT NULL DEFAULT 'default' REFERENCES workspaces (id);
ALTER TABLE presets ALTER COLUMN workspace_id DROP DEFAULT;
ALTER TABLE presets DROP CONSTRAINT presets_name_key;
ALTER TABLE presets ADD CONSTRAINT presets_workspace_id_name_key UNIQUE (workspace_id, name);

-- Image bytes stay stored once by content hash; a workspace sees only the
-- images it uploaded or imported.
CREATE TABLE workspace_assets (
	workspace_id TEXT NOT NULL REFERENCES workspaces (id),
	asset_id     TEXT NOT NULL REFERENCES assets (id),
	created_at   TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (workspace_id, asset_id)
);
INSERT INTO workspace_assets (workspace_id, asset_id, created_at) SELECT 'default', id, created_at FROM assets;

CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE, -- lower case
	name          TEXT NOT NULL,
	password_hash TEXT NOT NULL, -- argon2id in PHC form; empty: single sign-on only
	sso_subject   TEXT UNIQUE,   -- the OpenID Connect issuer and subject, once linked
	created_at    TIMESTAMPTZ NOT NULL,
	updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE memberships (
	workspace_id TEXT NOT NULL REFERENCES workspaces (id),
	user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role         TEXT NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- Secrets are kept as SHA-256 hashes: a copy of the database signs nobody in.
CREATE TABLE sessions (
	id           TEXT PRIMARY KEY,
	secret_hash  TEXT NOT NULL UNIQUE,
	user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	workspace_id TEXT NOT NULL,
	ttl_seconds  INTEGER NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL,
	seen_at      TIMESTAMPTZ NOT NULL,
	expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id           TEXT PRIMARY KEY,
	secret_hash  TEXT NOT NULL UNIQUE,
	name         TEXT NOT NULL,
	user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	workspace_id TEXT NOT NULL REFERENCES workspaces (id),
	created_at   TIMESTAMPTZ NOT NULL,
	last_used_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE invites (
	id           TEXT PRIMARY KEY,
	secret_hash  TEXT NOT NULL UNIQUE,
	workspace_id TEXT NOT NULL REFERENCES workspaces (id),
	role         TEXT NOT NULL,
	email        TEXT NOT NULL,
	created_by   TEXT NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL,
	expires_at   TIMESTAMPTZ NOT NULL,
	accepted_at  TIMESTAMPTZ,
	accepted_by  TEXT
);
CREATE INDEX invites_workspace ON invites (workspace_id);

CREATE TABLE shares (
	id           TEXT PRIMARY KEY,
	secret_hash  TEXT NOT NULL UNIQUE,
	workspace_id TEXT NOT NULL REFERENCES workspaces (id),
	project_id   TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	created_by   TEXT NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL,
	expires_at   TIMESTAMPTZ,
	revoked_at   TIMESTAMPTZ
);
CREATE INDEX shares_project ON shares (project_id);

CREATE TABLE comments (
	id         TEXT PRIMARY KEY,
	project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	slide      INTEGER NOT NULL,
	slide_id   TEXT NOT NULL,
	revision   BIGINT NOT NULL,
	author     TEXT NOT NULL,
	client     BOOLEAN NOT NULL,
	body       TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX comments_project ON comments (project_id, created_at);

CREATE TABLE decisions (
	id         TEXT PRIMARY KEY,
	project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	state      TEXT NOT NULL,
	author     TEXT NOT NULL,
	client     BOOLEAN NOT NULL,
	note       TEXT NOT NULL,
	revision   BIGINT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX decisions_project ON decisions (project_id, created_at);

CREATE TABLE audit_log (
	id           BIGSERIAL PRIMARY KEY,
	workspace_id TEXT NOT NULL,
	user_id      TEXT NOT NULL,
	actor        TEXT NOT NULL,
	action       TEXT NOT NULL,
	target       TEXT NOT NULL,
	detail       TEXT NOT NULL,
	address      TEXT NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id);
