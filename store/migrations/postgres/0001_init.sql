-- Projects: the current revision is the row of project_revisions whose
-- revision equals projects.revision, so a save writes the document once.
CREATE TABLE projects (
	id         TEXT PRIMARY KEY,
	title      TEXT NOT NULL,
	slides     INTEGER NOT NULL,
	revision   BIGINT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX projects_updated ON projects (updated_at);

CREATE TABLE project_revisions (
	project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	revision   BIGINT NOT NULL,
	document   TEXT NOT NULL,
	saved_at   TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (project_id, revision)
);

CREATE TABLE profiles (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	revision   BIGINT NOT NULL,
	is_default BOOLEAN NOT NULL DEFAULT FALSE,
	document   TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
-- At most one default profile.
CREATE UNIQUE INDEX profiles_one_default ON profiles (is_default) WHERE is_default;

CREATE TABLE presets (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	revision   BIGINT NOT NULL,
	profile_id TEXT REFERENCES profiles (id),
	settings   TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX presets_profile ON presets (profile_id);

CREATE TABLE assets (
	id         TEXT PRIMARY KEY, -- the sha256 of data, in hex
	media_type TEXT NOT NULL,
	size       BIGINT NOT NULL,
	data       BYTEA NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
