import { afterEach, describe, expect, it } from "vitest";
import { formatOpeningHours, parseOpeningHours, readOpeningHours, type HoursParse } from "../../src/domain/reunions/hours.ts";
import { hoursProblemText } from "../../src/messages/reunions.ts";
import { TestWorld } from "../helpers/world.ts";

const WEEKDAYS_1630 = { "1": [["16:30", "19:30"]], "2": [["16:30", "19:30"]], "3": [["16:30", "19:30"]], "4": [["16:30", "19:30"]], "5": [["16:30", "19:30"]] };

describe("opening hours: parse and format", () => {
  const ok: [string, Record<string, string[][]>, string][] = [
    ["周一至周五 16:30-19:30，周六 09:00-17:00", { ...WEEKDAYS_1630, "6": [["09:00", "17:00"]] }, "周一至周五 16:30-19:30，周六 09:00-17:00"],
    ["周一到周五 16:30–19:30 周六 9:00-17:00", { ...WEEKDAYS_1630, "6": [["09:00", "17:00"]] }, "周一至周五 16:30-19:30，周六 09:00-17:00"],
    ["工作日 １６：３０－１９：３０", WEEKDAYS_1630, "周一至周五 16:30-19:30"],
    ["周一-周五 16:30~19:30", WEEKDAYS_1630, "周一至周五 16:30-19:30"],
    ["每天 08:00-09:00", Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, [["08:00", "09:00"]]])), "每天 08:00-09:00"],
    ["周日 9:00-12:00 14:00-17:00", { "7": [["09:00", "12:00"], ["14:00", "17:00"]] }, "周日 09:00-12:00 14:00-17:00"],
    ["周一、周三 16:30-19:30", { "1": [["16:30", "19:30"]], "3": [["16:30", "19:30"]] }, "周一、周三 16:30-19:30"],
    ["周末 10:00-11:00", { "6": [["10:00", "11:00"]], "7": [["10:00", "11:00"]] }, "周六、周日 10:00-11:00"],
    ["星期六到星期天 10:00-11:00；周三 14:00-15:00", { "3": [["14:00", "15:00"]], "6": [["10:00", "11:00"]], "7": [["10:00", "11:00"]] }, "周三 14:00-15:00，周六、周日 10:00-11:00"],
    ["周一 17:00-18:00 16:00-17:00", { "1": [["16:00", "17:00"], ["17:00", "18:00"]] }, "周一 16:00-17:00 17:00-18:00"],
    ["周一至周四 16:30-19:30，周五 14:00-19:30", { "1": [["16:30", "19:30"]], "2": [["16:30", "19:30"]], "3": [["16:30", "19:30"]], "4": [["16:30", "19:30"]], "5": [["14:00", "19:30"]] }, "周一至周四 16:30-19:30，周五 14:00-19:30"],
  ];
  it.each(ok)("%s", (spec, hours, formatted) => {
    const r = parseOpeningHours(spec);
    expect(r).toEqual({ ok: true, hours });
    if (!r.ok) return;
    expect(formatOpeningHours(r.hours)).toBe(formatted);
    expect(parseOpeningHours(formatted)).toEqual(r);
    expect(readOpeningHours(JSON.stringify(r.hours))).toEqual(r.hours);
  });

  const bad: [string, HoursParse, string][] = [
    ["", { ok: false, problem: { code: "EMPTY" } }, "没有写开放时间。"],
    ["16:30-19:30", { ok: false, problem: { code: "NO_DAY" } }, "请在时间前写明星期几（如 周一至周五、周六、工作日、每天）。"],
    ["周一至周五", { ok: false, problem: { code: "NO_TIME", text: "周一至周五" } }, "“周一至周五”后面缺少时间段（如 16:30-19:30）。"],
    ["周一 19:30-16:30", { ok: false, problem: { code: "END_NOT_AFTER_START", text: "19:30-16:30", day: 1 } }, "时间段 19:30-16:30 的结束时间要晚于开始时间（不能跨过午夜）。"],
    ["周二 9:00-11:00 10:00-12:00", { ok: false, problem: { code: "OVERLAP", text: "09:00-11:00、10:00-12:00", day: 2 } }, "周二的时间段 09:00-11:00、10:00-12:00 重叠了。"],
    ["周一 25:00-26:00", { ok: false, problem: { code: "BAD_TIME", text: "25:00-26:00" } }, "时间“25:00-26:00”不对，应在 00:00 到 24:00 之间。"],
    ["周五至周一 10:00-11:00", { ok: false, problem: { code: "UNKNOWN", text: "周五至周一" } }, "看不懂“周五至周一”。"],
    ["晚上 7点", { ok: false, problem: { code: "UNKNOWN", text: "晚上" } }, "看不懂“晚上”。"],
  ];
  it.each(bad)("refuses %j", (spec, result, why) => {
    const r = parseOpeningHours(spec);
    expect(r).toEqual(result);
    if (!r.ok) expect(hoursProblemText(r.problem)).toBe(`开放时间格式不对：${why}\n例如：周一至周五 16:30-19:30，周六 09:00-17:00`);
  });

  it("formats no hours and refuses corrupt JSON", () => {
    expect(formatOpeningHours({})).toBe("未设置开放时间");
    expect(() => readOpeningHours('{"8":[]}')).toThrow();
    expect(() => readOpeningHours('{"1":[["9:00"]]}')).toThrow();
  });
});

describe("视频室 in chat", () => {
  let w!: TestWorld;
  afterEach(async () => w?.close());
  /** A world with 王建国 (coordinator) and 李春梅 (teacher) bound, and no room yet (the demo's is removed). */
  async function world(): Promise<void> {
    w = await TestWorld.create();
    await w.query((tx) => tx.reunionRoom.deleteMany({}));
    for (const label of ["王建国", "李春梅"]) await w.givenBound(label);
  }
  /** `label` sends `text` and gets exactly `reply`, nobody else anything. */
  async function says(label: string, text: string, reply: string): Promise<void> {
    expect(await w.say(label, text)).toEqual([{ to: label, text: reply }]);
  }

  it("王建国 adds, lists, changes, deactivates a room; audited", async () => {
    await world();
    await says("王建国", "视频室", "学校还没有亲情视频室。\n新增：视频室 新增 一号视频室 2台 周一至周五 16:30-19:30，周六 09:00-17:00");
    await says("王建国", "视频室 新增 一号视频室 2台 周一至周五 16:30-19:30 周六 09:00-17:00", "已新增视频室：一号视频室 · 2台 · 周一至周五 16:30-19:30，周六 09:00-17:00");
    await says("王建国", "视频室 新增 二号视频室 工作日 17:00-19:00", "已新增视频室：二号视频室 · 1台 · 周一至周五 17:00-19:00");
    await says("王建国", "视频室 修改 二号视频室 3台", "已修改视频室：二号视频室 · 3台 · 周一至周五 17:00-19:00");
    await says("王建国", "视频室 停用 二号视频室", "已停用视频室 二号视频室：不能再预约新的视频，已约好的不受影响。需要时发送：视频室 启用 二号视频室");
    await says("李春梅", "视频室", "亲情视频室（2个）：\n1. 一号视频室 · 2台 · 周一至周五 16:30-19:30，周六 09:00-17:00\n2. 二号视频室（已停用） · 3台 · 周一至周五 17:00-19:00");
    const room = await w.query((tx) => tx.reunionRoom.findFirstOrThrow({ where: { name: "一号视频室" } }));
    expect(room).toMatchObject({ capacity: 2, active: true, openingHours: JSON.stringify({ ...WEEKDAYS_1630, "6": [["09:00", "17:00"]] }) });
    const audits = await w.query((tx) => tx.auditLog.findMany({ where: { entity: "ReunionRoom" }, select: { action: true, actorType: true } }));
    expect(audits).toEqual([
      { action: "REUNION_ROOM_ADD", actorType: "STAFF" },
      { action: "REUNION_ROOM_ADD", actorType: "STAFF" },
      { action: "REUNION_ROOM_UPDATE", actorType: "STAFF" },
      { action: "REUNION_ROOM_UPDATE", actorType: "STAFF" },
    ]);
  });

  it("a teacher cannot add; bad input gets a reason and an example; nothing written", async () => {
    await world();
    await says("李春梅", "视频室 新增 一号视频室 周一至周五 16:30-19:30", "抱歉，您没有权限做这件事。发送“帮助”查看您可用的功能。");
    await says("李春梅", "视频室 停用", "抱歉，您没有权限做这件事。发送“帮助”查看您可用的功能。");
    await says("李春梅", "视频室", "学校还没有亲情视频室。请联系学校负责人添加。");
    await says("王建国", "视频室 新增 2台 周一 16:30-19:30", "用法：视频室 新增 <名称> [<台数>台] <开放时间>\n例如：视频室 新增 一号视频室 2台 周一至周五 16:30-19:30，周六 09:00-17:00");
    await says("王建国", "视频室 新增 一号视频室", "用法：视频室 新增 <名称> [<台数>台] <开放时间>\n例如：视频室 新增 一号视频室 2台 周一至周五 16:30-19:30，周六 09:00-17:00");
    await says("王建国", "视频室 新增 一号视频室 2台 周一至周五 19:30-16:30", "开放时间格式不对：时间段 19:30-16:30 的结束时间要晚于开始时间（不能跨过午夜）。\n例如：周一至周五 16:30-19:30，周六 09:00-17:00");
    await says("王建国", "视频室 新增 一号视频室 0台 周一 16:30-19:30", "台数应是 1 到 20 之间的整数，例如：2台");
    await says("王建国", "视频室 新增 一号视频室 ２１台 周一 16:30-19:30", "台数应是 1 到 20 之间的整数，例如：2台");
    await says("王建国", "视频室 修改 三号视频室 2台", "没有叫“三号视频室”的视频室。学校还没有视频室。");
    await w.say("王建国", "视频室 新增 一号视频室 周一 16:30-19:30");
    await says("王建国", "视频室 新增 一号视频室 周二 16:30-19:30", "已经有叫“一号视频室”的视频室了。要修改请发送：视频室 修改 一号视频室 <开放时间|N台>");
    await says("王建国", "视频室 修改 一号视频室 周一 16:00-17:00 16:30-18:00", "开放时间格式不对：周一的时间段 16:00-17:00、16:30-18:00 重叠了。\n例如：周一至周五 16:30-19:30，周六 09:00-17:00");
    expect(await w.query((tx) => tx.reunionRoom.findMany({ select: { name: true, openingHours: true } }))).toEqual([{ name: "一号视频室", openingHours: '{"1":[["16:30","19:30"]]}' }]);
  });
});
