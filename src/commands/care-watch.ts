/**
 * The watch list and care plans (issue #6 point 6): `关注` / `取消关注` (coordinators),
 * `关注名单` and `方案` (staff with the child in scope). Rules in domain/care/watch-list.ts and
 * plans.ts. Staff only and private only: never in groups, never to guardians.
 */
import { listWatched, parseWatchArgs, unwatchChild, watchFromCoordinator } from "../domain/care/watch-list.ts";
import { createCarePlan, splitReview } from "../domain/care/plans.ts";
import { todayOf } from "../domain/care/common.ts";
import { scopeOf } from "../domain/students.ts";
import type { GuardianshipLevel } from "../generated/prisma/enums.ts";
import { inactiveText, planText, watchText } from "../messages/care.ts";
import { COORDINATORS, STAFF, type CommandModule, type CommandSpec } from "../router/types.ts";
import { splitTarget } from "./updates.ts";
import { childCommand, withChild, type ChildOp } from "./care-common.ts";

const WATCH: ChildOp = {
  name: "watch",
  command: "关注",
  async run(ctx, staff, studentId, rest) {
    const r = await watchFromCoordinator(ctx.deps, { coordinator: staff, studentId, level: rest.level as GuardianshipLevel, reason: String(rest.reason) });
    ctx.reply(r.kind === "inactive" ? inactiveText(r.child) : watchText.watched(r.child, r.created, r.level, String(rest.reason)));
  },
};

const UNWATCH: ChildOp = {
  name: "unwatch",
  command: "取消关注",
  async run(ctx, staff, studentId) {
    const r = await unwatchChild(ctx.deps, { coordinator: staff, studentId });
    ctx.reply(r.kind === "none" ? watchText.notWatched(r.child) : watchText.unwatched(r.child));
  },
};

const PLAN: ChildOp = {
  name: "plan",
  command: "方案",
  async run(ctx, staff, studentId, rest) {
    const reviewOn = typeof rest.reviewOn === "string" ? rest.reviewOn : undefined;
    const r = await createCarePlan(ctx.deps, { staff, studentId, content: String(rest.content), ...(reviewOn ? { reviewOn } : {}) });
    ctx.reply(r.kind === "inactive" ? inactiveText(r.child) : planText.added(r.child, r.reviewOn));
  },
};

/** The child steps of this file, for the shared choice handler (commands/care.ts). */
export const watchOps: ChildOp[] = [WATCH, UNWATCH, PLAN];

const commands: CommandSpec[] = [
  {
    name: "关注",
    aliases: ["重点关注"],
    roles: COORDINATORS,
    privateOnly: true,
    usage: "关注 <学生> [较好|一般|差] <原因>",
    summary: "把孩子列入重点关注名单",
    example: "关注 张小明 差 父母长期联系不上，奶奶年老多病",
    detail: "监护情况按登记表写较好、一般或差，不写为一般。已在名单上的孩子会更新监护情况和原因。谈心时标记“需关注”的孩子也会列入。",
    async run(ctx) {
      const { target, content } = splitTarget(ctx.args);
      const { level, reason } = parseWatchArgs(content);
      if (!target || !reason) return ctx.reply(watchText.usage);
      return withChild(ctx, ctx.sender.staff!, WATCH, target, { level, reason });
    },
  },
  childCommand({ name: "取消关注", aliases: ["移出关注"], roles: COORDINATORS, usage: "取消关注 <学生>", summary: "把孩子移出重点关注名单", example: "取消关注 张小明" }, watchText.unwatchUsage, UNWATCH),
  {
    name: "关注名单",
    aliases: ["重点关注名单"],
    roles: STAFF,
    privateOnly: true,
    usage: "关注名单",
    summary: "查看重点关注的孩子、最近谈心和家长联系",
    example: "关注名单",
    detail: "负责人看全校，老师看任教班级和结对的孩子。按监护情况排列（差的在前）。",
    async run(ctx) {
      const scope = scopeOf(ctx.sender.staff!);
      ctx.reply(watchText.list(await listWatched(ctx.deps, scope), scope.teacherId === null));
    },
  },
  {
    name: "方案",
    aliases: ["帮扶方案", "教育方案"],
    roles: STAFF,
    privateOnly: true,
    usage: "方案 <学生> <内容> [复查 <日期>]",
    summary: "记录个别教育管理方案，到复查日期提醒您",
    example: "方案 张小明 每周和奶奶通一次电话，每天检查作业 复查 1月15日",
    detail: "最后写“复查 1月15日”或“复查日期 2027-01-15”定复查日期，不写则按学校的设置（默认 30 天后）。到复查日期（节假日顺延到上班日）早上会提醒您。方案只有老师能看到。",
    async run(ctx) {
      const { target, content } = splitTarget(ctx.args);
      if (!target || !content) return ctx.reply(planText.usage);
      const { content: body, review } = splitReview(content, todayOf(ctx.deps));
      if (review.kind === "past") return ctx.reply(planText.past(review.day));
      if (review.kind === "bad") return ctx.reply(planText.bad(review.text));
      if (!body) return ctx.reply(planText.usage);
      return withChild(ctx, ctx.sender.staff!, PLAN, target, { content: body, ...(review.kind === "date" ? { reviewOn: review.day } : {}) });
    },
  },
];

/** Watch-list and care-plan commands. */
export const watchModule: CommandModule = { commands };
