-- AlterTable
ALTER TABLE "Student" ADD COLUMN "admittedAt" DATETIME;

-- CreateTable
CREATE TABLE "TalkRecord" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "classId" INTEGER NOT NULL,
    "teacherId" INTEGER NOT NULL,
    "talkedAt" DATETIME NOT NULL,
    "period" TEXT NOT NULL,
    "place" TEXT,
    "content" TEXT NOT NULL,
    "mood" TEXT,
    "effect" TEXT,
    "followUp" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "TalkRecord_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TalkRecord_teacherId_fkey" FOREIGN KEY ("teacherId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TalkDuty" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "periodStart" DATETIME NOT NULL,
    "periodEnd" DATETIME NOT NULL,
    "classId" INTEGER NOT NULL,
    "teacherId" INTEGER,
    "required" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'DUE',
    "snoozedUntil" DATETIME,
    "excuseState" TEXT,
    "excuseReason" TEXT,
    "excuseById" INTEGER,
    "excuseDecidedById" INTEGER,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TalkDuty_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TalkDuty_teacherId_fkey" FOREIGN KEY ("teacherId") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TalkDigest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "staffId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Pairing" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    CONSTRAINT "Pairing_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Pairing_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StudyBuddy" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "studentId" INTEGER NOT NULL,
    "buddyId" INTEGER NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "StudyBuddy_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StudyBuddy_buddyId_fkey" FOREIGN KEY ("buddyId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DiaryEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "studentId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "writtenAt" DATETIME NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "DiaryEntry_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HomeVisit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "studentId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "visitedAt" DATETIME NOT NULL,
    "metWith" TEXT,
    "situation" TEXT NOT NULL,
    "guardianViews" TEXT,
    "followUp" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "HomeVisit_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WatchEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "talkId" INTEGER,
    "addedById" INTEGER NOT NULL,
    "addedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "endedById" INTEGER,
    CONSTRAINT "WatchEntry_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CarePlan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "studentId" INTEGER NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "reviewOn" TEXT NOT NULL,
    "remindedAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    CONSTRAINT "CarePlan_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CarePlan_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TalkRecord_studentId_talkedAt_idx" ON "TalkRecord"("studentId", "talkedAt");

-- CreateIndex
CREATE INDEX "TalkRecord_schoolId_period_idx" ON "TalkRecord"("schoolId", "period");

-- CreateIndex
CREATE INDEX "TalkRecord_teacherId_talkedAt_idx" ON "TalkRecord"("teacherId", "talkedAt");

-- CreateIndex
CREATE INDEX "TalkDuty_schoolId_period_status_idx" ON "TalkDuty"("schoolId", "period", "status");

-- CreateIndex
CREATE INDEX "TalkDuty_teacherId_period_status_idx" ON "TalkDuty"("teacherId", "period", "status");

-- CreateIndex
CREATE UNIQUE INDEX "TalkDuty_studentId_period_key" ON "TalkDuty"("studentId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "TalkDigest_staffId_day_key" ON "TalkDigest"("staffId", "day");

-- CreateIndex
CREATE INDEX "Pairing_staffId_endedAt_idx" ON "Pairing"("staffId", "endedAt");

-- CreateIndex
CREATE INDEX "Pairing_studentId_endedAt_idx" ON "Pairing"("studentId", "endedAt");

-- CreateIndex
CREATE UNIQUE INDEX "StudyBuddy_studentId_buddyId_key" ON "StudyBuddy"("studentId", "buddyId");

-- CreateIndex
CREATE INDEX "DiaryEntry_studentId_writtenAt_idx" ON "DiaryEntry"("studentId", "writtenAt");

-- CreateIndex
CREATE INDEX "HomeVisit_studentId_visitedAt_idx" ON "HomeVisit"("studentId", "visitedAt");

-- CreateIndex
CREATE INDEX "WatchEntry_schoolId_endedAt_idx" ON "WatchEntry"("schoolId", "endedAt");

-- CreateIndex
CREATE INDEX "WatchEntry_studentId_endedAt_idx" ON "WatchEntry"("studentId", "endedAt");

-- CreateIndex
CREATE INDEX "CarePlan_studentId_createdAt_idx" ON "CarePlan"("studentId", "createdAt");

-- CreateIndex
CREATE INDEX "CarePlan_reviewOn_remindedAt_idx" ON "CarePlan"("reviewOn", "remindedAt");

