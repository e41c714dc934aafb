-- CreateTable
CREATE TABLE "ReunionRoom" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL DEFAULT 1,
    "openingHours" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReunionSession" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER NOT NULL,
    "studentId" INTEGER NOT NULL,
    "roomId" INTEGER NOT NULL,
    "startAt" DATETIME NOT NULL,
    "endAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "supervisorId" INTEGER,
    "bookedById" INTEGER,
    "requestedById" INTEGER,
    "seriesKey" TEXT,
    "note" TEXT,
    "changeReason" TEXT,
    "changedById" INTEGER,
    "idempotencyKey" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReunionSession_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "ReunionRoom" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReunionParticipant" (
    "sessionId" INTEGER NOT NULL,
    "guardianId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "confirmedAt" DATETIME,

    PRIMARY KEY ("sessionId", "guardianId"),
    CONSTRAINT "ReunionParticipant_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReunionSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ReunionRoom_schoolId_name_key" ON "ReunionRoom"("schoolId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ReunionSession_idempotencyKey_key" ON "ReunionSession"("idempotencyKey");

-- CreateIndex
CREATE INDEX "ReunionSession_roomId_startAt_idx" ON "ReunionSession"("roomId", "startAt");

-- CreateIndex
CREATE INDEX "ReunionSession_studentId_startAt_idx" ON "ReunionSession"("studentId", "startAt");

-- CreateIndex
CREATE INDEX "ReunionSession_schoolId_startAt_idx" ON "ReunionSession"("schoolId", "startAt");

-- CreateIndex
CREATE INDEX "ReunionParticipant_guardianId_idx" ON "ReunionParticipant"("guardianId");

