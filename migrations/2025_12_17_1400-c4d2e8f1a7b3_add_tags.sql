-- add tags (one developer's branch)
--
-- revision: c4d2e8f1a7b3
-- down_revision: a81c55e0b9f2
-- create_date: 2025-12-17 14:00:00
-- message: add tags

-- migrate:up
CREATE TABLE "tags" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "artifact_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "tags_artifact_id_fkey" FOREIGN KEY ("artifact_id") REFERENCES "artifacts" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "tags_artifact_id_name_key" ON "tags"("artifact_id", "name");

-- migrate:down
DROP TABLE "tags";
