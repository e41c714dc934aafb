-- AlterTable
ALTER TABLE "Student" ADD COLUMN "lastParentContactAt" DATETIME;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "attachmentName" TEXT;
ALTER TABLE "OutboxMessage" ADD COLUMN "attachmentPath" TEXT;

-- CreateTable
CREATE TABLE "HotlineRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "guardianId" INTEGER,
    "callerLabel" TEXT,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "assigneeId" INTEGER,
    "createdAt" DATETIME NOT NULL,
    "waitingSince" DATETIME,
    "dueAt" DATETIME,
    "remindAt" DATETIME,
    "remindedAt" DATETIME,
    "escalatedAt" DATETIME,
    "firstResponseAt" DATETIME,
    "lastActivityAt" DATETIME NOT NULL,
    "lastReceiptAt" DATETIME,
    "lastRelayId" INTEGER,
    "closedAt" DATETIME,
    "closedById" INTEGER,
    "loggedById" INTEGER
);

-- CreateTable
CREATE TABLE "HotlineEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requestId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "authorStaffId" INTEGER,
    "authorGuardianId" INTEGER,
    "messageKind" TEXT NOT NULL DEFAULT 'text',
    "text" TEXT NOT NULL,
    "attachmentPath" TEXT,
    "attachmentName" TEXT,
    "attachmentError" TEXT,
    CONSTRAINT "HotlineEntry_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "HotlineRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TeacherUpdate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "studentId" INTEGER,
    "classId" INTEGER,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "recipients" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "TeacherUpdateAttachment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "updateId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "messageKind" TEXT NOT NULL,
    "attachmentPath" TEXT,
    "attachmentName" TEXT,
    "attachmentError" TEXT,
    CONSTRAINT "TeacherUpdateAttachment_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "TeacherUpdate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "HotlineRequest_status_remindAt_idx" ON "HotlineRequest"("status", "remindAt");

-- CreateIndex
CREATE INDEX "HotlineRequest_status_dueAt_idx" ON "HotlineRequest"("status", "dueAt");

-- CreateIndex
CREATE INDEX "HotlineRequest_guardianId_studentId_idx" ON "HotlineRequest"("guardianId", "studentId");

-- CreateIndex
CREATE INDEX "HotlineRequest_assigneeId_status_idx" ON "HotlineRequest"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "HotlineRequest_studentId_idx" ON "HotlineRequest"("studentId");

-- CreateIndex
CREATE INDEX "HotlineEntry_requestId_at_idx" ON "HotlineEntry"("requestId", "at");

-- CreateIndex
CREATE INDEX "TeacherUpdate_studentId_createdAt_idx" ON "TeacherUpdate"("studentId", "createdAt");

-- CreateIndex
CREATE INDEX "TeacherUpdate_classId_createdAt_idx" ON "TeacherUpdate"("classId", "createdAt");

-- CreateIndex
CREATE INDEX "TeacherUpdate_authorId_createdAt_idx" ON "TeacherUpdate"("authorId", "createdAt");

-- CreateIndex
CREATE INDEX "TeacherUpdateAttachment_updateId_idx" ON "TeacherUpdateAttachment"("updateId");

