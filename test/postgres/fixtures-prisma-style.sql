-- A schema in the shape Prisma's PostgreSQL DDL has (quoted names, SERIAL keys, enums as
-- types, Model_field_key / _idx / _fkey names), plus the index forms Prisma can express.
CREATE TYPE "Status" AS ENUM ('draft', 'published');
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
ALTER TYPE "Role" ADD VALUE 'OWNER' BEFORE 'ADMIN';

CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" VARCHAR(255) NOT NULL,
    "name" TEXT,
    "role" "Role" NOT NULL DEFAULT 'USER',
    "roles" "Role"[],
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "balance" DECIMAL(10,2) NOT NULL DEFAULT 0,
    "price" DECIMAL(65,30),
    "score" DOUBLE PRECISION,
    "profile" JSONB,
    "avatar" BYTEA,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seenAt" TIMESTAMPTZ(6),
    "big" BIGINT,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "User_balance_check" CHECK ("balance" >= 0)
);

CREATE TABLE "Post" (
    "id" BIGSERIAL NOT NULL,
    "authorId" INTEGER NOT NULL,
    "editorId" INTEGER,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "status" "Status" NOT NULL DEFAULT 'draft',
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Post_title_slug_key" UNIQUE ("title", "slug"),
    CONSTRAINT "Post_title_check" CHECK (length("title") > 0 AND "title" <> 'untitled')
);

CREATE TABLE "Tag" (
    "postId" BIGINT NOT NULL,
    "label" VARCHAR(50) NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("postId", "label")
);

CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "User_lower_email_idx" ON "User"(lower("email"));
CREATE INDEX "Post_authorId_status_idx" ON "Post"("authorId", "status");
CREATE INDEX "Post_title_idx" ON "Post"("title" DESC);
CREATE INDEX "Post_slug_live_idx" ON "Post"("slug") WHERE "deletedAt" IS NULL;

ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Post" ADD CONSTRAINT "Post_editorId_fkey" FOREIGN KEY ("editorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

CREATE VIEW "LivePost" AS SELECT "id", "title" FROM "Post" WHERE "deletedAt" IS NULL;
