-- seed an example task context
--
-- revision: 3f9a1c2b7d4e
-- down_revision: 261b037d15fa
-- create_date: 2025-12-15 09:30:00
-- message: seed example task

-- migrate:up
INSERT INTO task_contexts (name, description) VALUES ('onboarding', 'first steps for a new user');
INSERT INTO artifacts (task_context_id, kind, content, status)
  SELECT id, 'note', 'read the README', 'active' FROM task_contexts WHERE name = 'onboarding';
INSERT INTO artifacts (task_context_id, kind, content, status)
  SELECT id, 'note', 'old draft', 'archived' FROM task_contexts WHERE name = 'onboarding';

-- migrate:down
DELETE FROM artifacts WHERE task_context_id IN (SELECT id FROM task_contexts WHERE name = 'onboarding');
DELETE FROM task_contexts WHERE name = 'onboarding';
