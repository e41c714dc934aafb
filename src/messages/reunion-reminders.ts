/**
 * Reminders of a booked reunion video session (issue #5 point 6), in each receiver's words.
 * Times are Asia/Shanghai, with the parent's local time when abroad.
 */
import type { Participant } from "../domain/reunions/booking-people.ts";
import type { StoredSession } from "../domain/reunions/session.ts";
import { parentSpanText, spanText } from "./reunion-booking.ts";

const hhmm = (s: StoredSession) => spanText(s.start, s.end);
/** Whether parent `p` had confirmed `s` when the reminder was planned (a parent who moved it has). */
const confirmed = (s: StoredSession, p: Participant) => (s.parents.find((x) => x.id === p.id)?.confirmedAt ?? null) !== null;

export const reminderText = {
  /** 24 h before, to a parent: asks for `确认 <编号>`. */
  parentDayBefore: (s: StoredSession, p: Participant) =>
    `【亲情视频提醒】${parentSpanText(s.start, s.end, p.workCity)} 您和${s.childName}有一次视频（#${s.id}）。${confirmed(s, p) ? "您已确认，请按时接听" : `能按时接听请回复“确认 ${s.id}”`}；时间不方便可回复“改期 ${s.id} 新的时间”。`,
  /** 24 h before, to a caregiver at home. */
  caregiverDayBefore: (s: StoredSession) => `【亲情视频提醒】${hhmm(s)} ${s.childName}在学校${s.roomName}和家长视频（#${s.id}），请提醒孩子按时到场。`,
  /** 1 h before, to a parent. */
  parentHourBefore: (s: StoredSession, p: Participant) =>
    `【亲情视频提醒】一小时后（${parentSpanText(s.start, s.end, p.workCity)}）学校会用微信视频和您连线，${s.childName}在等您（#${s.id}）。请保持微信畅通${confirmed(s, p) ? "。" : `；能接听请回复“确认 ${s.id}”。`}`,
  /** 1 h before, to the supervising teacher. */
  supervisorHourBefore: (s: StoredSession) => `【亲情视频提醒】一小时后请陪同 ${s.childName}（${s.className}）视频：${hhmm(s)}，${s.roomName}（#${s.id}）。`,
  /** At the start, to the supervising teacher: how to mark it afterwards. */
  supervisorAtStart: (s: StoredSession) =>
    `【亲情视频】现在开始：${s.childName}（${s.className}）${hhmm(s)}，${s.roomName}（#${s.id}）。结束后请回复：完成 ${s.id}（可加备注）、未接通 ${s.id} 或 缺席 ${s.id}。`,
};
