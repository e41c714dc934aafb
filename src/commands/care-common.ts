/**
 * Shared steps of the care commands (issue #6 points 5-6): finding the child a command names
 * (a numbered choice when several children share the name), the leading date of a diary entry
 * or visit, and running a pending step for staff.
 */
import { z } from "zod";
import { findStudentsInScope, scopeOf } from "../domain/students.ts";
import type { StaffBinding } from "../domain/identities.ts";
import { shanghaiDateOf } from "../lib/work-calendar.ts";
import { parseLeadingDate } from "../lib/past-date.ts";
import { studentLookupText } from "../messages/zh.ts";
import { dateText } from "../messages/care.ts";
import type { CommandContext, CommandSpec } from "../router/types.ts";
import { staffStep } from "./updates.ts";

/** The pending kind of "which child did you mean?" for every care command. */
export const CHOOSE_CHILD = "care.choose-child";
export const chooseChildPayload = z.object({ op: z.string(), choices: z.array(z.object({ id: z.number().int() })), rest: z.record(z.string(), z.unknown()) });

/** A care command's step once its child is known; `rest` is what it carried through a choice (JSON). */
export interface ChildOp {
  /** Key of the op in the choice's payload (stable: stored in PendingAction rows). */
  name: string;
  /** The command word, for "not found" replies. */
  command: string;
  run(ctx: CommandContext, staff: StaffBinding, studentId: number, rest: Record<string, unknown>): Promise<void>;
}

/**
 * Finds the child `query` names in `staff`'s scope and runs `op` for it; several children
 * sharing the name get a numbered choice (pending {@link CHOOSE_CHILD}); none, the usual
 * "not found" reply (a child outside the scope is not told apart from one that does not exist).
 */
export async function withChild(ctx: CommandContext, staff: StaffBinding, op: ChildOp, query: string, rest: Record<string, unknown> = {}): Promise<void> {
  const scope = scopeOf(staff);
  const found = await findStudentsInScope(ctx.deps, { scope, query });
  if (found.length === 0) return ctx.reply(studentLookupText.notFound(op.command, query, scope.teacherId === null));
  if (found.length === 1) return op.run(ctx, staff, found[0]!.id, rest);
  await ctx.setPending(CHOOSE_CHILD, { op: op.name, choices: found.map((s) => ({ id: s.id })), rest });
  ctx.reply(studentLookupText.choose(found));
}

/** The 1-based choice `text` makes among `count` items, or null. */
export function choiceOf(text: string, count: number): number | null {
  const n = Number(text.normalize("NFKC").trim());
  return Number.isInteger(n) && n >= 1 && n <= count ? n - 1 : null;
}

/**
 * Runs the next step of a staff member's pending exchange (commands/updates.ts staffStep): over
 * when the staff binding is gone; a child that left the sender's scope meanwhile is answered
 * with the usual "gone" text of `command`.
 */
export function careStep(ctx: CommandContext, command: string, step: (staff: StaffBinding) => Promise<"done" | "not-mine">): Promise<"done" | "not-mine"> {
  return staffStep(ctx, studentLookupText.gone(command), step);
}

/**
 * The optional past date leading `text` (lib/past-date.ts: `12月28日`, `昨天`, `上周五`) and the
 * rest. A future or impossible date is answered here (returns null); no date means today.
 */
export function leadingDay(ctx: CommandContext, text: string): { day: string; rest: string } | null {
  const now = ctx.deps.clock.now();
  const d = parseLeadingDate(text, now);
  if (!d) return { day: shanghaiDateOf(now), rest: text.trim() };
  if (d.kind === "invalid") {
    ctx.reply(dateText.invalid(d.phrase));
    return null;
  }
  if (d.future) {
    ctx.reply(dateText.future(d.phrase));
    return null;
  }
  return { day: d.date, rest: d.rest };
}

/** A private `<命令> <学生>` command running `op` for the child named; `usage` answers a bare command word. */
export function childCommand(spec: Omit<CommandSpec, "run" | "privateOnly">, usage: string, op: ChildOp): CommandSpec {
  return {
    ...spec,
    privateOnly: true,
    async run(ctx) {
      if (!ctx.args) return ctx.reply(usage);
      return withChild(ctx, ctx.sender.staff!, op, ctx.args);
    },
  };
}
