-- AlterTable
ALTER TABLE "Guardian" ADD COLUMN "address" TEXT;
ALTER TABLE "Guardian" ADD COLUMN "age" INTEGER;
ALTER TABLE "Guardian" ADD COLUMN "birthYear" INTEGER;
ALTER TABLE "Guardian" ADD COLUMN "health" TEXT;
ALTER TABLE "Guardian" ADD COLUMN "occupation" TEXT;
ALTER TABLE "Guardian" ADD COLUMN "relationLabel" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Student" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER NOT NULL,
    "classId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "studentNo" TEXT,
    "gender" TEXT,
    "birthDate" DATETIME,
    "leftBehindType" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "statusReason" TEXT,
    "statusDate" DATETIME,
    "ethnicity" TEXT,
    "idNumber" TEXT,
    "homeAddress" TEXT,
    "boarding" BOOLEAN,
    "health" TEXT,
    "healthNote" TEXT,
    "guardianship" TEXT,
    "priorityCare" BOOLEAN NOT NULL DEFAULT false,
    "notes" TEXT,
    "incomeSources" TEXT,
    "aidReceived" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Student_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Student_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Student" ("birthDate", "classId", "createdAt", "gender", "id", "leftBehindType", "name", "schoolId", "status", "studentNo", "updatedAt") SELECT "birthDate", "classId", "createdAt", "gender", "id", "leftBehindType", "name", "schoolId", "status", "studentNo", "updatedAt" FROM "Student";
DROP TABLE "Student";
ALTER TABLE "new_Student" RENAME TO "Student";
CREATE INDEX "Student_classId_idx" ON "Student"("classId");
CREATE UNIQUE INDEX "Student_schoolId_studentNo_key" ON "Student"("schoolId", "studentNo");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

