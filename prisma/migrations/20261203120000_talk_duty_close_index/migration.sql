-- CreateIndex
CREATE INDEX "TalkDuty_status_periodEnd_idx" ON "TalkDuty"("status", "periodEnd");

