/**
 * What people read about reunion video rooms and free slots (亲情视频, issue #5 points 1-2):
 * `视频室` and its changes in chat and the CLI, opening-hours problems, and the reasons a time
 * cannot be booked. Times are Asia/Shanghai.
 */
import type { AffectedSession } from "../domain/reunions/room-impact.ts";
import { formatShortWeekdayZh, dayjs, SCHOOL_TZ } from "../lib/time.ts";
import type { HoursProblem } from "../domain/reunions/hours.ts";
import { formatOpeningHours } from "../domain/reunions/hours.ts";
import type { RoomProblem, RoomView } from "../domain/reunions/rooms.ts";
import type { SlotReason } from "../domain/reunions/slots.ts";
import type { ChildReason } from "../domain/reunions/children.ts";
import { truncate } from "../lib/text.ts";

const DAY_NAMES = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"] as const;
export const HOURS_EXAMPLE = "周一至周五 16:30-19:30，周六 09:00-17:00";

const spanOf = (start: number, end: number) => `${formatShortWeekdayZh(new Date(start))}–${dayjs(end).tz(SCHOOL_TZ).format("HH:mm")}`;

export const roomText = {
  /** After a change: the coming sessions that no longer fit the room (moved or cancelled by a person, never silently). */
  affected: (list: AffectedSession[]) =>
    [`注意：以下已预约的视频不再符合这个视频室的安排（${list.length} 次），请改期或取消并告诉家长：`, ...list.map((s) => `#${s.id} ${spanOf(s.start, s.end)} ${s.childName}`), "改期：改期 <编号> <时间> · 取消：取消 <编号> <原因>"].join("\n"),
  usage: "视频室 [新增|修改|停用|启用] ...",
  example: "视频室 新增 一号视频室 2台 周一至周五 16:30-19:30 周六 09:00-17:00",
  summary: "查看亲情视频室（台数、开放时间）；学校负责人可新增、修改、停用",
  detail:
    "视频室：列出全部视频室。\n" +
    "视频室 新增 <名称> [<台数>台] <开放时间>：例如 视频室 新增 一号视频室 2台 周一至周五 16:30-19:30 周六 09:00-17:00\n" +
    "视频室 修改 <名称> <开放时间|N台>：例如 视频室 修改 一号视频室 3台\n" +
    "视频室 停用 <名称> / 视频室 启用 <名称>\n" +
    "开放时间可写 周一至周五、工作日、每天、周末、周一、周三，同一天可写几段时间。台数是同时能进行的视频数，默认 1 台。",
  addHelp: `用法：视频室 新增 <名称> [<台数>台] <开放时间>\n例如：视频室 新增 一号视频室 2台 ${HOURS_EXAMPLE}`,
  updateHelp: "用法：视频室 修改 <名称> <开放时间|N台>\n例如：视频室 修改 一号视频室 周一至周五 16:00-19:30\n或：视频室 修改 一号视频室 3台",
  toggleHelp(verb: string): string {
    return `用法：视频室 ${verb} <名称>，例如：视频室 ${verb} 一号视频室`;
  },
  empty(canEdit: boolean): string {
    return `学校还没有亲情视频室。${canEdit ? `\n新增：视频室 新增 一号视频室 2台 ${HOURS_EXAMPLE}` : "请联系学校负责人添加。"}`;
  },
  list(rooms: RoomView[], canEdit: boolean): string {
    const lines = rooms.map((r, i) => `${i + 1}. ${r.name}${r.active ? "" : "（已停用）"} · ${r.capacity}台 · ${formatOpeningHours(r.hours)}`);
    return `亲情视频室（${rooms.length}个）：\n${lines.join("\n")}${canEdit ? "\n——\n修改：视频室 修改 <名称> <开放时间|N台> · 停用：视频室 停用 <名称>" : ""}`;
  },
  added(r: RoomView): string {
    return `已新增视频室：${r.name} · ${r.capacity}台 · ${formatOpeningHours(r.hours)}`;
  },
  updated(r: RoomView): string {
    return `已修改视频室：${r.name}${r.active ? "" : "（已停用）"} · ${r.capacity}台 · ${formatOpeningHours(r.hours)}`;
  },
  deactivated(name: string): string {
    return `已停用视频室 ${name}：不能再预约新的视频，已约好的不受影响。需要时发送：视频室 启用 ${name}`;
  },
  activated(name: string): string {
    return `已启用视频室 ${name}，可以预约了。`;
  },
};

/** The Chinese reason of an opening-hours problem, with an example. */
export function hoursProblemText(p: HoursProblem): string {
  const why = ((): string => {
    switch (p.code) {
      case "EMPTY":
        return "没有写开放时间。";
      case "NO_DAY":
        return "请在时间前写明星期几（如 周一至周五、周六、工作日、每天）。";
      case "UNKNOWN":
        return `看不懂“${truncate(p.text, 20)}”。`;
      case "NO_TIME":
        return `“${truncate(p.text, 20)}”后面缺少时间段（如 16:30-19:30）。`;
      case "BAD_TIME":
        return `时间“${p.text}”不对，应在 00:00 到 24:00 之间。`;
      case "END_NOT_AFTER_START":
        return `时间段 ${p.text} 的结束时间要晚于开始时间（不能跨过午夜）。`;
      case "OVERLAP":
        return `${DAY_NAMES[p.day]}的时间段 ${p.text} 重叠了。`;
    }
  })();
  return `开放时间格式不对：${why}\n例如：${HOURS_EXAMPLE}`;
}

/** The Chinese reply to a refused room change. */
export function roomProblemText(p: RoomProblem, name: string): string {
  switch (p.code) {
    case "BAD_NAME":
      return "视频室名称不能为空，最多 20 个字。";
    case "BAD_CAPACITY":
      return "台数应是 1 到 20 之间的整数，例如：2台";
    case "HOURS":
      return hoursProblemText(p.problem);
    case "DUPLICATE_NAME":
      return `已经有叫“${truncate(name, 20)}”的视频室了。要修改请发送：视频室 修改 ${truncate(name, 20)} <开放时间|N台>`;
    case "UNKNOWN_ROOM":
      return `没有叫“${truncate(name, 20)}”的视频室。${p.names.length ? `现有：${p.names.join("、")}` : "学校还没有视频室。"}`;
    case "NOTHING_TO_CHANGE":
      return roomText.updateHelp;
  }
}

/**
 * Why a time cannot be booked. `rules` are the settings' minutes and days.
 */
export function slotReasonText(reason: SlotReason | ChildReason, rules: { minNoticeMin: number; horizonDays: number; maxMin: number; perWeek: number }): string {
  switch (reason) {
    case "PAST":
      return "这个时间已经过去了";
    case "SHORT_NOTICE":
      return `需要至少提前 ${rules.minNoticeMin % 60 === 0 ? `${rules.minNoticeMin / 60} 小时` : `${rules.minNoticeMin} 分钟`}预约`;
    case "BEYOND_HORIZON":
      return `只能预约 ${rules.horizonDays} 天以内的时间`;
    case "BAD_LENGTH":
      return `时长应为 1 到 ${rules.maxMin} 分钟`;
    case "OUTSIDE_HOURS":
      return "不在视频室的开放时间内";
    case "ROOM_INACTIVE":
      return "这个视频室已停用";
    case "ROOM_FULL":
      return "这个时段视频室已约满";
    case "CHILD_OVERLAP":
      return "孩子在这个时间已有别的视频";
    case "WEEKLY_CAP":
      return `孩子本周已约满 ${rules.perWeek} 次`;
  }
}
