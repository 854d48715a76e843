-- Workspaces and accounts for team servers. Every project, brand profile,
-- preset and image belongs to a workspace; what the database held before
-- moves to the first workspace, 'default', losing nothing.
CREATE TABLE workspaces (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	created_at TIMESTAMP NOT NULL
);
INSERT INTO workspaces (id, name, created_at) VALUES ('default', 'Studio', CURRENT_TIMESTAMP);

-- SQLite cannot add a column with both a default and a foreign key, so
-- projects name their workspace without one; the store checks it.
ALTER TABLE projects ADD COLUMN workspace_id TEXT NOT NULL DEFAULT 'default';
CREATE INDEX projects_workspace ON projects (workspace_id, updated_at);

-- Profile and preset names become unique per workspace. SQLite cannot drop
-- a column's UNIQUE, so both tables are rebuilt, rows copied as they are.
-- new_presets refers to new_profiles, which the rename below rewrites to
-- profiles, so no row ever points at a dropped table.
CREATE TABLE new_profiles (
	id           TEXT PRIMARY KEY,
	workspace_id TEXT NOT NULL REFERENCES workspaces (id),
	name         TEXT NOT NULL,
	revision     INTEGER NOT NULL,
	is_default   BOOLEAN NOT NULL DEFAULT FALSE,
	document     TEXT NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	updated_at   TIMESTAMP NOT NULL,
	UNIQUE (workspace_id, name)
);
INSERT INTO new_profiles (id, workspace_id, name, revision, is_default, document, created_at, updated_at)
	SELECT id, 'default', name, revision, is_default, document, created_at, updated_at FROM profiles;
CREATE TABLE new_presets (
	id           TEXT PRIMARY KEY,
	workspace_id TEXT NOT NULL REFERENCES workspaces (id),
	name         TEXT NOT NULL,
	revision     INTEGER NOT NULL,
	profile_id   TEXT REFERENCES new_profiles (id),
	settings     TEXT NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	updated_at   TIMESTAMP NOT NULL,
	UNIQUE (workspace_id, name)
);
INSERT INTO new_presets (id, workspace_id, name, revision, profile_id, settings, created_at, updated_at)
	SELECT id, 'default', name, revision, profile_id, settings, created_at, updated_at FROM presets;
DROP TABLE presets;
DROP TABLE profiles;
ALTER TABLE new_profiles RENAME TO profiles;
ALTER TABLE new_presets RENAME TO presets;
-- At most one default profile per workspace.
CREATE UNIQUE INDEX profiles_one_default ON profiles (workspace_id) WHERE is_default;
CREATE INDEX presets_profile ON presets (profile_id);

-- Image bytes stay stored once by content hash; a workspace sees only the
-- images it uploaded or imported.
CREATE TABLE workspace_assets (
	workspace_id TEXT NOT NULL REFERENCES workspaces (id),
	asset_id     TEXT NOT NULL REFERENCES assets (id),
	created_at   TIMESTAMP NOT NULL,
	PRIMARY KEY (workspace_id, asset_id)
);
INSERT INTO workspace_assets (workspace_id, asset_id, created_at) SELECT 'default', id, created_at FROM assets;

CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE, -- lower case
	name          TEXT NOT NULL,
	password_hash TEXT NOT NULL, -- argon2id in PHC form; empty: single sign-on only
	sso_subject   TEXT UNIQUE,   -- the OpenID Connect issuer and subject, once linked
	created_at    TIMESTAMP NOT NULL,
	updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
	workspace_id TEXT NOT NULL REFERENCES workspaces (id),
	user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role         TEXT NOT NULL,
	created_at   TIMESTAMP NOT NULL,
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
	created_at   TIMESTAMP NOT NULL,
	seen_at      TIMESTAMP NOT NULL,
	expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id           TEXT PRIMARY KEY,
	secret_hash  TEXT NOT NULL UNIQUE,
	name         TEXT NOT NULL,
	user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	workspace_id TEXT NOT NULL REFERENCES workspaces (id),
	created_at   TIMESTAMP NOT NULL,
	last_used_at TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE invites (
	id           TEXT PRIMARY KEY,
	secret_hash  TEXT NOT NULL UNIQUE,
	workspace_id TEXT NOT NULL REFERENCES workspaces (id),
	role         TEXT NOT NULL,
	email        TEXT NOT NULL,
	created_by   TEXT NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	expires_at   TIMESTAMP NOT NULL,
	accepted_at  TIMESTAMP,
	accepted_by  TEXT
);
CREATE INDEX invites_workspace ON invites (workspace_id);

CREATE TABLE shares (
	id           TEXT PRIMARY KEY,
	secret_hash  TEXT NOT NULL UNIQUE,
	workspace_id TEXT NOT NULL REFERENCES workspaces (id),
	project_id   TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	created_by   TEXT NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	expires_at   TIMESTAMP,
	revoked_at   TIMESTAMP
);
CREATE INDEX shares_project ON shares (project_id);

CREATE TABLE comments (
	id         TEXT PRIMARY KEY,
	project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	slide      INTEGER NOT NULL,
	slide_id   TEXT NOT NULL,
	revision   INTEGER NOT NULL,
	author     TEXT NOT NULL,
	client     BOOLEAN NOT NULL,
	body       TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX comments_project ON comments (project_id, created_at);

CREATE TABLE decisions (
	id         TEXT PRIMARY KEY,
	project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	state      TEXT NOT NULL,
	author     TEXT NOT NULL,
	client     BOOLEAN NOT NULL,
	note       TEXT NOT NULL,
	revision   INTEGER NOT NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX decisions_project ON decisions (project_id, created_at);

CREATE TABLE audit_log (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id TEXT NOT NULL,
	user_id      TEXT NOT NULL,
	actor        TEXT NOT NULL,
	action       TEXT NOT NULL,
	target       TEXT NOT NULL,
	detail       TEXT NOT NULL,
	address      TEXT NOT NULL,
	created_at   TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id);
