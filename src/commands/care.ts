/**
 * The care features in chat (issue #6 points 5-6): pairing and study buddies
 * (care-pairing.ts), growth diary and home visits (care-records.ts), the watch list and care
 * plans (care-watch.ts), as one command module with one "which child?" choice for all of them.
 */
import { chooseChildPayload, choiceOf, CHOOSE_CHILD, careStep } from "./care-common.ts";
import { pairingModule, pairingOps } from "./care-pairing.ts";
import { recordOps, recordsModule as recordsModuleOf } from "./care-records.ts";
import type { CommandRegistry } from "../router/registry.ts";
import { watchModule, watchOps } from "./care-watch.ts";
import type { CommandModule } from "../router/types.ts";

const OPS = new Map([...pairingOps, ...recordOps, ...watchOps].map((op) => [op.name, op]));

/** 结对, 取消结对, 学习帮手, 我的结对, 日记, 走访, 关注, 取消关注, 关注名单, 方案. `registry` is read lazily. */
export function careCommands(registry: () => CommandRegistry): CommandModule {
  const recordsModule = recordsModuleOf(registry);
  return {
    commands: [...pairingModule.commands, ...recordsModule.commands, ...watchModule.commands],
    pending: {
      ...pairingModule.pending,
      ...recordsModule.pending,
      async [CHOOSE_CHILD](ctx, payload) {
        const { op: name, choices, rest } = chooseChildPayload.parse(payload);
        const op = OPS.get(name);
        if (!op) return "done";
        return careStep(ctx, op.command, async (staff) => {
          const n = choiceOf(ctx.args, choices.length);
          if (n === null) return "not-mine";
          await op.run(ctx, staff, choices[n]!.id, rest);
          return "done";
        });
      },
    },
  };
}
