/**
 * Every text a person reads in chat (zh-CN), as template functions. Nothing else in src/
 * writes Chinese for users. Dates are shown in Asia/Shanghai (lib/time.ts).
 */
import type { GuardianRelation, StaffRole } from "../generated/prisma/enums.ts";
import { formatDateZh, formatShortZh, formatDateShanghai } from "../lib/time.ts";
import { truncate } from "../lib/text.ts";

/** How a guardian's relation to the child is said (the child's point of view). */
export const RELATION_LABEL: Record<GuardianRelation, string> = {
  FATHER: "爸爸",
  MOTHER: "妈妈",
  GRANDFATHER: "爷爷",
  GRANDMOTHER: "奶奶",
  MATERNAL_GRANDFATHER: "外公",
  MATERNAL_GRANDMOTHER: "外婆",
  UNCLE: "叔叔/舅舅",
  AUNT: "姑姑/阿姨",
  SIBLING: "哥哥/姐姐",
  OTHER: "亲属",
};

/** Relation words people type after a child's name (`张小明妈妈`), longest first. */
export const RELATION_WORDS: Record<string, GuardianRelation[]> = {
  妈妈: ["MOTHER"],
  母亲: ["MOTHER"],
  爸爸: ["FATHER"],
  父亲: ["FATHER"],
  爷爷: ["GRANDFATHER"],
  奶奶: ["GRANDMOTHER"],
  外公: ["MATERNAL_GRANDFATHER"],
  姥爷: ["MATERNAL_GRANDFATHER"],
  外婆: ["MATERNAL_GRANDMOTHER"],
  姥姥: ["MATERNAL_GRANDMOTHER"],
  家长: ["FATHER", "MOTHER", "GRANDFATHER", "GRANDMOTHER", "MATERNAL_GRANDFATHER", "MATERNAL_GRANDMOTHER", "UNCLE", "AUNT", "SIBLING", "OTHER"],
};

export const STAFF_ROLE_LABEL: Record<StaffRole, string> = {
  TEACHER: "老师",
  COORDINATOR: "留守儿童工作负责人",
  ADMIN: "管理员",
};

const EXAMPLE_CODE = "ABCD2345";

/** For contacts with no binding: what the bot is and how to bind. Mentions no child. */
export function bindingInstructionsText(): string {
  return [
    "您好！这里是学校的“亲情桥”家校助手。",
    `请先绑定身份：发送“绑定 + 绑定码”，例如：绑定 ${EXAMPLE_CODE}`,
    "绑定码在学校发给您的联系卡上；没有或丢失的，请联系班主任领取。",
    "发送“帮助”可查看使用说明。",
  ].join("\n");
}

/** Greeting after a friend request is accepted. */
export function friendGreetingText(): string {
  return `欢迎添加“亲情桥”家校助手！\n${bindingInstructionsText().split("\n").slice(1).join("\n")}`;
}

function describeTarget(t: { kind: "guardian"; name: string; relation: GuardianRelation; children: { name: string; className: string }[] } | { kind: "staff"; name: string; role: StaffRole }): string {
  if (t.kind === "staff") return `${t.name}（${STAFF_ROLE_LABEL[t.role]}）`;
  const kids = t.children.map((c) => `${c.className} ${c.name}`).join("、");
  return kids ? `${t.name}，${kids}的${RELATION_LABEL[t.relation]}` : t.name;
}

export const bindText = {
  bound(t: Parameters<typeof describeTarget>[0]): string {
    const tail = "发送“帮助”查看您可以使用的功能。";
    return `绑定成功！您是：${describeTarget(t)}。\n${tail}`;
  },
  alreadyBound(t: Parameters<typeof describeTarget>[0]): string {
    return `您已经绑定过了：${describeTarget(t)}。无需重复绑定。`;
  },
  wrongCode(triesLeft: number): string {
    return `绑定码不正确，请核对后重新发送（例如：绑定 ${EXAMPLE_CODE}，共 8 位字母和数字，不区分大小写）。\n再错 ${triesLeft} 次将暂停绑定一小时。`;
  },
  locked(until: Date): string {
    return `绑定码输错次数过多，为保护孩子信息，绑定已暂停，请在 ${formatShortZh(until)} 之后再试。如有疑问请联系班主任。`;
  },
  used: "这个绑定码已经被使用过了。如果不是您本人绑定的，请立即联系班主任重新领取绑定码。",
  expired: "这个绑定码已过期，请联系班主任重新领取。",
  revoked: "这个绑定码已作废（学校已为您发放了新的绑定码），请使用最新的绑定码，或联系班主任。",
  exposed: "这个绑定码曾在群里公开，为保护孩子信息已作废。请联系班主任重新领取，并私聊我发送。",
  choiceGone: "这个选择已经失效（您的老师身份已不在这个微信上）。",
  missingCode: `请在“绑定”后面加上绑定码，例如：绑定 ${EXAMPLE_CODE}`,
  notInGroup: "为保护孩子信息，请不要在群里绑定。请私聊我发送“绑定 + 绑定码”。",
  alsoBound(count: number): string {
    return `提示：这个微信现在同时绑定了 ${count} 个身份，发送“我是谁”查看。`;
  },
  exposedInGroup: "这个绑定码已在群里公开，为保护孩子信息已作废。请联系班主任重新领取，并私聊我发送。",
};

/** Told to the old WeChat contact when the record is bound from a new one (new phone). */
export function bindingDisplacedText(name: string): string {
  return `提示：“${name}”的身份已在另一个微信上重新绑定，本微信已解除绑定。如果不是您本人操作，请尽快联系班主任。`;
}

export function whoAmIText(input: {
  staff: { name: string; role: StaffRole; homeroomClasses: string[]; teachingClasses: string[] } | null;
  guardians: { name: string; relation: GuardianRelation; children: { name: string; className: string }[] }[];
}): string {
  const lines: string[] = [];
  if (input.staff) {
    const s = input.staff;
    lines.push(`您是${s.name}，${STAFF_ROLE_LABEL[s.role]}。`);
    if (s.homeroomClasses.length) lines.push(`班主任：${s.homeroomClasses.join("、")}`);
    if (s.teachingClasses.length) lines.push(`任课班级：${s.teachingClasses.join("、")}`);
  }
  for (const g of input.guardians) {
    lines.push(`您是家长${g.name}。`);
    if (g.children.length === 0) lines.push("（学校尚未登记您的孩子，请联系班主任）");
    for (const c of g.children) lines.push(`· ${c.className} ${c.name}的${RELATION_LABEL[g.relation]}`);
  }
  if (lines.length === 0) return `您还没有绑定身份。\n${bindingInstructionsText().split("\n").slice(1).join("\n")}`;
  return lines.join("\n");
}

export const helpText = {
  header(roleWords: string): string {
    return `“亲情桥”家校助手 · ${roleWords}可用的功能：`;
  },
  line(name: string, summary: string, example: string): string {
    return `【${name}】${summary}\n  例：${example}`;
  },
  footer: "发送“帮助 命令名”查看某个功能的详细说明，例如：帮助 绑定",
  unboundFooter: "绑定后可使用更多功能。",
  detail(name: string, aliases: string[], usage: string, summary: string, detail: string | undefined, example: string): string {
    const lines = [`【${name}】${summary}`, `用法：${usage}`, `例：${example}`];
    if (aliases.length) lines.push(`也可以发送：${aliases.join("、")}`);
    if (detail) lines.push(detail);
    return lines.join("\n");
  },
  unknownTopic(topic: string): string {
    return `没有找到“${truncate(topic, 20)}”这个功能。发送“帮助”查看全部功能。`;
  },
  notForYou(name: string): string {
    return `“${name}”不是您可以使用的功能。发送“帮助”查看您可用的功能。`;
  },
};

export const ROLE_WORDS = {
  unbound: "未绑定用户",
  guardian: "家长",
  teacher: "老师",
  coordinator: "负责人",
  admin: "管理员",
} as const;

export const routerText = {
  unknownCommand(word: string, suggestion: string | null): string {
    return suggestion
      ? `没有“${word}”这个命令。您是想用“${suggestion}”吗？发送“帮助 ${suggestion}”查看用法。`
      : `没有看懂您的消息。发送“帮助”查看可用的功能和例子。`;
  },
  forbiddenFor(name: string, roles: string): string {
    return `抱歉，“${name}”仅限${roles}使用。发送“帮助”查看您可用的功能。`;
  },
  tooLong(length: number, max: number): string {
    return `消息太长了（${length} 字），请分几条发送，每条不超过 ${max} 字。`;
  },
  nonText: "我目前只能读懂文字消息。请用文字发送，或发送“帮助”查看可用的功能。",
  emptyMention: "您好，请在 @我 后面写上要做的事，例如：@我 帮助",
  repliedPrivately(name: string): string {
    return `@${name} 已私信回复您，请查看与我的私聊。`;
  },
  internalError: "抱歉，系统刚才出了点问题，您的消息没有处理成功。请稍后再发一次；如果一直不行，请联系学校。",
  guardianFreeText: "抱歉，我还不能把留言转给老师（家校留言功能即将开通）。有急事请直接打电话给班主任。发送“帮助”查看现在可以做的事。",
  nothingToChoose: "现在没有等您选择的事项（选择在 30 分钟后失效）。请重新发送命令，或发送“帮助”查看可用的功能。",
  cancelled: "好的，已取消。",
  nothingToCancel: "当前没有需要取消的操作。",
  chooseNumber(max: number): string {
    return `请回复编号（1-${max}）选择，或发送“取消”。`;
  },
};

/** DomainError code -> reply. `d` are the error's details. */
export function domainErrorText(code: string, d: Record<string, unknown>): string {
  switch (code) {
    case "NOT_FOUND":
      return `没有找到${d.what ? `“${String(d.what)}”` : "相关记录"}${d.query ? `：${String(d.query)}` : ""}。请检查后重试。`;
    case "FORBIDDEN":
      return "抱歉，您没有权限做这件事。发送“帮助”查看您可用的功能。";
    case "INVALID_INPUT":
      return `格式不对。${d.usage ? `用法：${String(d.usage)}` : "发送“帮助”查看用法。"}`;
    case "AMBIGUOUS":
      return "有多个匹配的记录，请说得更具体一些。";
    case "OUTBOX_NOT_FAILED":
      return `编号 ${String(d.id)} 的消息不是发送失败状态，无需重发。`;
    default:
      return routerText.internalError;
  }
}

export const codeText = {
  usage: "绑定码 <姓名>",
  issued(who: string, code: string, expiresAt: Date): string {
    return `已为 ${who} 生成绑定码：${code}\n有效期至 ${formatDateZh(expiresAt)}（含当天），只能使用一次；旧的未用绑定码已作废。\n请通过电话或联系卡转交本人，让其私聊我发送：绑定 ${code}`;
  },
  alreadyBoundNote: "（此人已绑定微信；用新码绑定后，旧微信会自动解除绑定。）",
  choose(items: string[]): string {
    return `找到 ${items.length} 个人，请回复编号选择：\n${items.map((s, i) => `${i + 1}. ${s}`).join("\n")}\n或发送“取消”。`;
  },
  notFound(query: string): string {
    return `没有找到“${truncate(query, 20)}”。可以写家长或老师的姓名，或者“学生姓名+关系”，例如：绑定码 张小明妈妈`;
  },
  notFoundInScope(query: string): string {
    return `在您任教的班级里没有找到“${truncate(query, 20)}”。可以写家长姓名，或者“学生姓名+关系”，例如：绑定码 张小明妈妈；其他班级和老师的绑定码请找负责人。`;
  },
};

export function describePerson(p: { kind: "staff"; name: string; role: StaffRole; bound: boolean } | { kind: "guardian"; name: string; relation: GuardianRelation; children: string[]; bound: boolean }): string {
  const base = p.kind === "staff"
    ? `${p.name}（${STAFF_ROLE_LABEL[p.role]}）`
    : `${p.name}（${p.children.length ? `${p.children.join("、")}的${RELATION_LABEL[p.relation]}` : RELATION_LABEL[p.relation]}）`;
  return p.bound ? `${base}，已绑定` : base;
}

export const deliveryText = {
  none: "目前没有发送失败的消息。",
  list(total: number, items: { id: number; recipient: string; createdAt: Date; attempts: number; lastError: string; failureKind: string | null; preview: string }[]): string {
    const lines = [`发送失败的消息共 ${total} 条${total > items.length ? `（显示最近 ${items.length} 条）` : ""}：`];
    for (const i of items) {
      lines.push(`#${i.id} 发给 ${i.recipient}，${formatShortZh(i.createdAt)}，试了 ${i.attempts} 次：${deliveryText.reason(i.failureKind, i.lastError)}`);
      lines.push(`  内容：${truncate(i.preview.replace(/\s+/g, " "), 30)}`);
    }
    lines.push("发送“重发 编号”可重新发送，例如：重发 " + (items[0]?.id ?? 1));
    return lines.join("\n");
  },
  retried(id: number): string {
    return `好的，编号 ${id} 的消息已重新排队发送。`;
  },
  retryUsage: "请写上要重发的编号，例如：重发 12",
  notFound(id: string): string {
    return `没有找到编号 ${truncate(id, 12)} 的消息。发送“发送失败”查看可以重发的消息。`;
  },
  reason(kind: string | null, error: string): string {
    if (kind === "PERMANENT") return "对方无法接收（可能不是好友或已删除）";
    if (kind === "THROTTLED") return "微信限制了发送频率";
    if (kind === "RETRYABLE") return "网络或微信服务异常，多次重试未成功";
    return truncate(error, 40);
  },
};

export { formatDateShanghai };
