-- Versions: a row of project_revisions holds a burst of saves (at most
-- carousel.VersionSpan of editing) under its last revision, labelled with
-- what changed. A closed row takes no more saves: an export or a pin closes
-- it. A row with a name is pinned and never pruned.
ALTER TABLE project_revisions ADD COLUMN started_at TIMESTAMP;
ALTER TABLE project_revisions ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE project_revisions ADD COLUMN edits INTEGER NOT NULL DEFAULT 1;
ALTER TABLE project_revisions ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE project_revisions ADD COLUMN exported BOOLEAN NOT NULL DEFAULT FALSE;
-- Rows saved before versions are closed: no later save merges into them.
ALTER TABLE project_revisions ADD COLUMN closed BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE project_revisions SET started_at = saved_at;
CREATE INDEX project_revisions_pinned ON project_revisions (project_id) WHERE name <> '';
