import { afterEach, describe, expect, it } from "vitest";
import { TestWorld } from "../helpers/world.ts";
import { dayjs, SCHOOL_TZ } from "../../src/lib/time.ts";

let w: TestWorld;
afterEach(async () => w?.close());

/** The single reply `label` got to `text`. */
async function ask(label: string, text: string): Promise<string> {
  const out = TestWorld.textsTo(await w.say(label, text), label);
  expect(out, text).toHaveLength(1);
  return out[0]!;
}

const LIU_XINYI_FILE = (phone: (p: string) => string) =>
  [
    "刘欣怡的档案",
    "基本情况：女，汉族，2017年9月1日生",
    "班级：三年级1班，学号 2026004，在读",
    "留守类型：母亲外出，走读",
    "健康：患病（哮喘）；监护情况：较好；重点帮扶对象",
    "家庭住址：青山镇河口村5组",
    `父亲 刘勇（监护人）：在家，务农，电话 ${phone("13807311040")}`,
    `母亲 杨敏：外出务工，上海市，上海市餐馆，电话 ${phone("13807311041")}`,
    "家庭收入来源：务工、务农",
    "关爱：最近谈心 无记录",
  ].join("\n");

const ZHANG_XIAOMING_CARD = (phone: (p: string) => string) =>
  [
    "张小明的联系卡（三年级1班，学号 2026001）",
    `父亲 张伟：${phone("13807311010")}，外出务工：广东省东莞市（东莞建筑工地），未绑定微信`,
    `母亲 刘丽：${phone("13807311011")}，外出务工：广东省东莞市（东莞建筑工地），已绑定微信`,
    `监护人 张桂兰（奶奶）：${phone("13807311012")}，未绑定微信`,
    `班主任：李春梅 ${phone("13907310002")}`,
    "家庭住址：青山镇柳塘村2组",
  ].join("\n");

const full = (p: string) => p;
const masked = (p: string) => `${p.slice(0, 3)}****${p.slice(-4)}`;

const NOT_IN_CLASSES = (q: string) => `您任教的班级里没有找到“${q}”。请写学生的完整姓名或学号，例如：档案 张小明，或 档案 2026001。其他班级的学生请找负责人。`;

describe("档案 and 联系卡 for staff", () => {
  it("a coordinator sees the whole file and card with phones in full; a teacher of the class sees them masked", async () => {
    w = await TestWorld.create();
    await w.givenBound("王建国");
    await w.givenBound("李春梅");
    await w.givenBound("张小明妈妈");
    expect(await ask("王建国", "档案 刘欣怡")).toBe(LIU_XINYI_FILE(full));
    expect(await ask("李春梅", "档案 刘欣怡")).toBe(LIU_XINYI_FILE(masked));
    expect(await ask("王建国", "联系卡 张小明")).toBe(ZHANG_XIAOMING_CARD(full));
    expect(await ask("李春梅", "联系卡 张小明")).toBe(ZHANG_XIAOMING_CARD(masked));
    // Every field of the national form that is filled; the ID number only by its last 4 characters.
    expect(await ask("王建国", "档案 2026013")).toBe(
      [
        "马天佑的档案",
        "基本情况：男，回族，2016年6月8日生",
        "班级：四年级1班，学号 2026013，在读",
        "留守类型：父母均外出，走读",
        "健康：健康；监护情况：差；重点帮扶对象",
        "家庭住址：青山镇枫树村2组",
        "父亲 马超：外出务工，新疆乌鲁木齐市，新疆乌鲁木齐市建筑工地，电话 13807311130",
        "母亲 高燕：外出务工，新疆乌鲁木齐市，新疆乌鲁木齐市建筑工地",
        "监护人 马兰英（奶奶）：64岁，务农，健康：良好，电话 13807311132",
        "家庭收入来源：务工",
        "受助情况：低保",
        "备注：父母常年在外，每学期与孩子通话较少",
        "关爱：最近谈心 无记录",
      ].join("\n"),
    );
    expect(await ask("王建国", "联系卡 马天佑")).toBe(
      [
        "马天佑的联系卡（四年级1班，学号 2026013）",
        "父亲 马超：13807311130，外出务工：新疆乌鲁木齐市（新疆乌鲁木齐市建筑工地），未绑定微信",
        "母亲 高燕：无电话，外出务工：新疆乌鲁木齐市（新疆乌鲁木齐市建筑工地），未绑定微信",
        "监护人 马兰英（奶奶）：13807311132，未绑定微信",
        "班主任：陈志强 13907310003",
        "家庭住址：青山镇枫树村2组",
        "缺：母亲电话",
      ].join("\n"),
    );
    const idLine = (await ask("王建国", "档案 张小明")).split("\n").find((l) => l.startsWith("身份证号"));
    expect(idLine).toBe("身份证号：**************1317");
  });

  it("coordinators see masked phones too when COORDINATORS_SEE_FULL_PHONES is off; a full stored ID number still shows its last 4 only", async () => {
    w = await TestWorld.create({ env: { COORDINATORS_SEE_FULL_PHONES: "false" } });
    await w.givenBound("王建国");
    await w.givenBound("张小明妈妈");
    expect(await ask("王建国", "档案 刘欣怡")).toBe(LIU_XINYI_FILE(masked));
    expect(await ask("王建国", "联系卡 张小明")).toBe(ZHANG_XIAOMING_CARD(masked));
    await w.query((tx) => tx.student.updateMany({ where: { name: "张小明" }, data: { idNumber: "43052120170608131X" } }));
    expect(await ask("王建国", "档案 张小明")).toContain("\n身份证号：**************131X\n");
  });

  it("a teacher of another class gets the same reply as for a child that does not exist", async () => {
    w = await TestWorld.create();
    await w.givenBound("李春梅");
    await w.givenBound("赵磊");
    const outside = await ask("李春梅", "档案 马天佑");
    expect(outside).toBe(NOT_IN_CLASSES("马天佑"));
    expect(await ask("李春梅", "档案 马天佑不存在")).toBe(NOT_IN_CLASSES("马天佑不存在"));
    // By student number, and for the card: the same words as for nobody.
    expect(await ask("李春梅", "档案 2026013")).toBe(NOT_IN_CLASSES("2026013"));
    expect(await ask("李春梅", "档案 2026999")).toBe(NOT_IN_CLASSES("2026999"));
    expect(await ask("李春梅", "联系卡 马天佑")).toBe(
      "您任教的班级里没有找到“马天佑”。请写学生的完整姓名或学号，例如：联系卡 张小明，或 联系卡 2026001。其他班级的学生请找负责人。",
    );
    // 赵磊 teaches maths in every class, so he may read 马天佑's file.
    expect(await ask("赵磊", "档案 马天佑")).toMatch(/^马天佑的档案\n/);
  });

  it("guardians, unbound contacts and empty queries get no child data", async () => {
    w = await TestWorld.create();
    await w.givenBound("李娜妈妈");
    await w.givenBound("王建国");
    expect(await ask("李娜妈妈", "档案 李娜")).toBe("抱歉，“档案”仅限老师使用。发送“帮助”查看您可用的功能。");
    expect(await ask("李娜妈妈", "联系卡 李娜")).toBe("抱歉，“联系卡”仅限老师使用。发送“帮助”查看您可用的功能。");
    expect(await ask("李娜妈妈", "建档")).toBe("抱歉，“建档”仅限老师使用。发送“帮助”查看您可用的功能。");
    expect(await ask("路人甲", "档案 李娜")).toMatch(/^您好！这里是学校的“亲情桥”家校助手。\n请先绑定身份/);
    expect(await ask("王建国", "档案")).toBe("请在“档案”后面写上学生的姓名或学号，例如：档案 张小明，或 档案 2026001");
    expect(await ask("王建国", "档案 李 娜？")).toMatch(/^李娜的档案\n/);
    expect(await ask("王建国", "档案 ２０２６００２")).toMatch(/^李娜的档案\n/);
    expect(await ask("王建国", "档案 李")).toBe("全校没有找到“李”。请写学生的完整姓名或学号，例如：档案 张小明，或 档案 2026001。");
    // Asked in a group, the file goes privately; the group sees no child data.
    const out = await w.say("王建国", "@家校助手 档案 李娜", "三年级1班家长群");
    expect(out.map((l) => [l.to, l.text.split("\n")[0]])).toEqual([
      ["王建国", "李娜的档案"],
      ["[三年级1班家长群]", "@王建国 已私信回复您，请查看与我的私聊。"],
    ]);
  });

  it("a name shared by several children lists them numbered; the number answers, even after a restart", async () => {
    w = await TestWorld.create();
    await w.givenBound("王建国");
    await w.givenBound("李春梅");
    await w.query(async (tx) => {
      const s = await tx.student.findFirstOrThrow({ where: { name: "张小明" } });
      const cls = await tx.class.findFirstOrThrow({ where: { name: "四年级1班" } });
      await tx.student.create({
        data: { schoolId: s.schoolId, classId: cls.id, name: "张小明", studentNo: "2026031", gender: "男", leftBehindType: "FATHER_AWAY", createdAt: s.createdAt, updatedAt: s.updatedAt },
      });
      await tx.student.create({
        data: {
          schoolId: s.schoolId,
          classId: cls.id,
          name: "张小明",
          studentNo: "2025099",
          leftBehindType: "OTHER",
          status: "TRANSFERRED",
          statusReason: "转入县实验小学",
          statusDate: dayjs.tz("2026-09-01", SCHOOL_TZ).toDate(),
          createdAt: s.createdAt,
          updatedAt: s.updatedAt,
        },
      });
    });
    expect(await ask("王建国", "档案 张小明")).toBe(
      "找到 3 名学生，请回复编号选择：\n1. 张小明 三年级1班 学号2026001\n2. 张小明 四年级1班 学号2025099（已转学）\n3. 张小明 四年级1班 学号2026031\n或发送“取消”。",
    );
    await w.restart();
    expect(await ask("王建国", "２")).toBe(
      "张小明的档案\n班级：四年级1班，学号 2025099，已转学（转入县实验小学，2026年9月1日）\n留守类型：其他\n家长和监护人：尚未登记",
    );
    expect(await w.query((tx) => tx.pendingAction.count())).toBe(0);
    // A student number picks one child at once; a teacher sees only the one in her class.
    expect(await ask("王建国", "联系卡 2026031")).toBe(
      "张小明的联系卡（四年级1班，学号 2026031）\n家长和监护人：尚未登记\n班主任：陈志强 13907310003\n缺：父亲信息、监护人",
    );
    expect(await ask("李春梅", "联系卡 张小明")).toMatch(/^张小明的联系卡（三年级1班，学号 2026001）\n/);
    // A number out of range keeps the choice open; 取消 ends it.
    await ask("王建国", "联系卡 张小明");
    expect(await ask("王建国", "7")).toBe("请回复编号（1-3）选择，或发送“取消”。");
    expect(await ask("王建国", "3")).toMatch(/^张小明的联系卡（四年级1班，学号 2026031）\n/);
  });
});

describe("建档", () => {
  it("gives the coordinator the school's rates, each class and the children with gaps", async () => {
    w = await TestWorld.create();
    await w.givenBound("王建国");
    await w.givenBound("张小明妈妈");
    expect(await ask("王建国", "建档")).toBe(
      [
        "建档情况（全校）",
        "在读留守儿童：30 人",
        "建档率：90.0%（30 人中 27 人档案完整）",
        "联系卡完整率：93.3%（30 人中 28 人）",
        "绑定率：1.3%（家长和监护人 75 人中 1 人已绑定微信）",
        "各班情况：",
        "· 三年级1班：10 人，建档 9 人（90.0%），联系卡完整 10 人（100.0%），绑定 1/26（3.8%）",
        "· 四年级1班：10 人，建档 9 人（90.0%），联系卡完整 8 人（80.0%），绑定 0/26（0.0%）",
        "· 五年级1班：10 人，建档 9 人（90.0%），联系卡完整 10 人（100.0%），绑定 1/26（3.8%）",
        "缺少信息的学生（5 人）：",
        "· 三年级1班 2026009 周俊杰：缺家庭住址",
        "· 四年级1班 2026013 马天佑：缺母亲电话",
        "· 四年级1班 2026016 郭思雨：缺父亲务工地点",
        "· 四年级1班 2026017 何俊熙：缺家庭住址",
        "· 五年级1班 2026024 谢文博：缺出生日期",
      ].join("\n"),
    );
  });

  it("gives a teacher their own classes, and lists at most 10 children with a hint for the rest", async () => {
    w = await TestWorld.create();
    await w.givenBound("陈志强");
    await w.query((tx) => tx.student.updateMany({ data: { homeAddress: null } }));
    const text = await ask("陈志强", "建档");
    const lines = text.split("\n");
    expect(lines.slice(0, 8)).toEqual([
      "建档情况（您任教的班级）",
      "在读留守儿童：10 人",
      "建档率：0.0%（10 人中 0 人档案完整）",
      "联系卡完整率：80.0%（10 人中 8 人）",
      "绑定率：0.0%（家长和监护人 26 人中 0 人已绑定微信）",
      "各班情况：",
      "· 四年级1班：10 人，建档 0 人（0.0%），联系卡完整 8 人（80.0%），绑定 0/26（0.0%）",
      "缺少信息的学生（10 人）：",
    ]);
    expect(lines).toHaveLength(18);
    expect(lines[8]).toBe("· 四年级1班 2026011 徐浩宇：缺家庭住址");
    expect(lines[10]).toBe("· 四年级1班 2026013 马天佑：缺家庭住址、母亲电话");
    // The whole school has 30 children with gaps: 10 are listed, the rest counted.
    await w.givenBound("王建国");
    const school = (await ask("王建国", "建档")).split("\n");
    expect(school).toHaveLength(21);
    expect(school[9]).toBe("缺少信息的学生（30 人）：");
    expect(school[20]).toBe("还有 20 名未列出，完整名单请用 roster stats 导出（npm run cli -- roster stats）。");
    expect(school[10]).toBe("· 三年级1班 2026001 张小明：缺家庭住址");
    expect(school[19]).toBe("· 三年级1班 2026010 吴雨桐：缺家庭住址");
  });
});

describe("guardians' own information", () => {
  it("我的信息 shows their own record in full and other adults' phones masked, nothing of other families", async () => {
    w = await TestWorld.create();
    await w.givenBound("张小明妈妈");
    await w.givenBound("李娜妈妈");
    expect(await ask("张小明妈妈", "我的信息")).toBe(
      [
        "学校登记的您的信息：",
        "刘丽（张小明、张小红的妈妈）",
        "电话：13807311011",
        "外出务工：广东省东莞市（东莞建筑工地）",
        "孩子：",
        "· 张小明，三年级1班，班主任李春梅，男，2017年6月8日生",
        "  其他联系人：张伟（爸爸）138****1010、张桂兰（奶奶）138****1012",
        "· 张小红，五年级1班，班主任刘芳，女，2015年10月8日生",
        "  其他联系人：张伟（爸爸）138****1010、张桂兰（奶奶）138****1012",
        "信息有误？可发送“更新电话 新号码”或“更新工作地 城市”更正；其他信息请告诉班主任。",
      ].join("\n"),
    );
    // 王芳 (李娜's mother) and 王芳 (孙佳怡's mother) share a name: each sees only her own family.
    expect(await ask("李娜妈妈", "我的信息")).toBe(
      [
        "学校登记的您的信息：",
        "王芳（李娜的妈妈）",
        "电话：13807311021",
        "务工情况：在家，未外出务工",
        "孩子：",
        "· 李娜，三年级1班，班主任李春梅，女，2017年11月15日生",
        "  其他联系人：李军（爸爸）138****1020",
        "信息有误？可发送“更新电话 新号码”或“更新工作地 城市”更正；其他信息请告诉班主任。",
      ].join("\n"),
    );
  });

  it("更新电话 normalises full-width digits and +86, logs masked old -> new and tells each homeroom teacher", async () => {
    w = await TestWorld.create();
    await w.givenBound("李春梅");
    await w.givenBound("刘芳");
    await w.givenBound("张小明妈妈");
    const at = w.clock.now().toISOString();
    const out = await w.say("张小明妈妈", "更新电话 ＋８６ １３９-１２３４ ５６７８");
    expect(TestWorld.textsTo(out, "张小明妈妈")).toEqual(["好的，您的电话已更新为 13912345678。已告诉班主任李春梅、刘芳。"]);
    expect(TestWorld.textsTo(out, "李春梅")).toEqual(["家长信息更新：三年级1班 张小明的妈妈刘丽把电话改为 139****5678（原138****1011）。发送“联系卡 张小明”可查看。"]);
    expect(TestWorld.textsTo(out, "刘芳")).toEqual(["家长信息更新：五年级1班 张小红的妈妈刘丽把电话改为 139****5678（原138****1011）。发送“联系卡 张小红”可查看。"]);
    const rows = await w.query(async (tx) => ({
      guardian: await tx.guardian.findFirstOrThrow({ where: { name: "刘丽" } }),
      audit: await tx.auditLog.findMany({ where: { action: "guardian.self-update" } }),
      outbox: await tx.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "guardian-update:" } }, orderBy: { id: "asc" } }),
    }));
    expect(rows.guardian.phone).toBe("13912345678");
    expect(rows.guardian.updatedAt.toISOString()).toBe(at);
    expect(rows.audit.map((a) => [a.actorType, a.actorId, a.entity, a.entityId, a.detail, a.at.toISOString()])).toEqual([
      ["GUARDIAN", String(rows.guardian.id), "Guardian", String(rows.guardian.id), '{"phone":{"old":"138****1011","new":"139****5678"}}', at],
    ]);
    expect(rows.outbox.map((o) => [o.conversationId, o.text, o.status])).toEqual([
      [w.sim.person("李春梅").contactId, "家长信息更新：三年级1班 张小明的妈妈刘丽把电话改为 139****5678（原138****1011）。发送“联系卡 张小明”可查看。", "SENT"],
      [w.sim.person("刘芳").contactId, "家长信息更新：五年级1班 张小红的妈妈刘丽把电话改为 139****5678（原138****1011）。发送“联系卡 张小红”可查看。", "SENT"],
    ]);
    // The same number again changes nothing and tells nobody.
    expect(TestWorld.textsTo(await w.say("张小明妈妈", "更新电话 13912345678"), "李春梅")).toEqual([]);
    expect(await ask("张小明妈妈", "更新电话 139 1234 5678")).toBe("学校登记的电话就是 13912345678，不用更新。");
    expect(await w.query((tx) => tx.auditLog.count({ where: { action: "guardian.self-update" } }))).toBe(1);
  });

  it("a bad phone gets a polite reply with an example and changes nothing; staff are told the command is for parents", async () => {
    w = await TestWorld.create();
    await w.givenBound("李春梅");
    await w.givenBound("李娜爸爸");
    const INVALID = "电话号码格式不对。请发送 11 位手机号或带区号的座机号，例如：更新电话 13812345678，或 更新电话 0566-8125908";
    for (const bad of ["更新电话 138123456789", "更新电话 138abc45678", "更新电话", "更新电话 12345678901"]) {
      const out = await w.say("李娜爸爸", bad);
      expect(out, bad).toEqual([{ to: "李娜爸爸", text: INVALID }]);
    }
    const rows = await w.query(async (tx) => ({
      phone: (await tx.guardian.findFirstOrThrow({ where: { name: "李军" } })).phone,
      audit: await tx.auditLog.count({ where: { action: "guardian.self-update" } }),
    }));
    expect(rows).toEqual({ phone: "13807311020", audit: 0 });
    expect(await ask("李春梅", "更新电话 13812345678")).toBe("抱歉，“更新电话”仅限家长使用。发送“帮助”查看您可用的功能。");
    expect(await ask("李春梅", "我的信息")).toBe("抱歉，“我的信息”仅限家长使用。发送“帮助”查看您可用的功能。");
    expect(await ask("路人甲", "我的信息")).toMatch(/^您好！这里是学校的“亲情桥”家校助手。/);
    // A landline is kept with its area code.
    expect(await ask("李娜爸爸", "更新电话 0566 8125908")).toBe("好的，您的电话已更新为 0566-8125908。已告诉班主任李春梅。");
  });

  it("更新工作地 sets the work city, or marks the parent at home, logged and told to the teacher", async () => {
    w = await TestWorld.create();
    await w.givenBound("李春梅");
    await w.givenBound("李娜爸爸");
    expect(await ask("李娜爸爸", "更新工作地  江苏省苏州市 。")).toBe("好的，您的务工地点已更新为“江苏省苏州市”。已告诉班主任李春梅。");
    let g = await w.query((tx) => tx.guardian.findFirstOrThrow({ where: { name: "李军" } }));
    expect([g.worksAway, g.workCity, g.employer]).toEqual([true, "江苏省苏州市", "宁波服装厂"]);
    const out = await w.say("李娜爸爸", "更新工作地 回家了");
    expect(out).toEqual([
      { to: "李春梅", text: "家长信息更新：三年级1班 李娜的爸爸李军已回家，不再外出务工（原务工地点江苏省苏州市）。孩子的留守情况如有变化，请及时更新档案。" },
      { to: "李娜爸爸", text: "好的，已记下您现在在家，不再外出务工。已告诉班主任李春梅。" },
    ]);
    g = await w.query((tx) => tx.guardian.findFirstOrThrow({ where: { name: "李军" } }));
    expect([g.worksAway, g.workCity, g.employer]).toEqual([false, null, null]);
    const audit = await w.query((tx) => tx.auditLog.findMany({ where: { action: "guardian.self-update" }, orderBy: { id: "asc" } }));
    expect(audit.map((a) => JSON.parse(a.detail!))).toEqual([
      { workCity: { old: "浙江省宁波市", new: "江苏省苏州市" } },
      { worksAway: { old: true, new: false }, workCity: { old: "江苏省苏州市", new: null }, employer: { old: "宁波服装厂", new: null } },
    ]);
    expect(await ask("李娜爸爸", "更新工作地 在家")).toBe("学校登记的就是这样，不用更新。");
    const INVALID = "请写上您现在务工的地方（2-30 个字），例如：更新工作地 浙江省杭州市；已经回家的，请发送：更新工作地 在家";
    expect(await ask("李娜爸爸", "更新工作地 京")).toBe(INVALID);
    expect(await ask("李娜爸爸", `更新工作地 ${"很".repeat(31)}`)).toBe(INVALID);
    expect(await ask("李娜爸爸", "更新工作地")).toBe(INVALID);
    expect(await w.query((tx) => tx.auditLog.count({ where: { action: "guardian.self-update" } }))).toBe(2);
  });
});

describe("档案 shows the child's care records to staff", () => {
  it("mentor, study buddy, last talk, watch entry and care plan review in one line", async () => {
    w = await TestWorld.create();
    await w.givenBound("王建国");
    await w.query(async (tx) => {
      const s = await tx.student.findFirstOrThrow({ where: { name: "刘欣怡" } });
      const buddy = await tx.student.findFirstOrThrow({ where: { name: "李娜" } });
      const t = await tx.staff.findFirstOrThrow({ where: { name: "赵磊" } });
      const at = new Date("2026-11-20T02:00:00Z");
      await tx.pairing.create({ data: { schoolId: s.schoolId, staffId: t.id, studentId: s.id, createdById: t.id, createdAt: at } });
      await tx.studyBuddy.create({ data: { studentId: s.id, buddyId: buddy.id, createdById: t.id, createdAt: at } });
      await tx.talkRecord.create({ data: { schoolId: s.schoolId, studentId: s.id, classId: s.classId, teacherId: t.id, talkedAt: at, period: "2026-11", content: "x", createdAt: at } });
      await tx.watchEntry.create({ data: { schoolId: s.schoolId, studentId: s.id, level: "POOR", reason: "成绩下滑", source: "COORDINATOR", addedById: t.id, addedAt: at } });
      await tx.carePlan.create({ data: { studentId: s.id, ownerId: t.id, content: "每周谈一次", reviewOn: "2027-01-15", createdAt: at } });
    });
    const file = (await w.say("王建国", "档案 刘欣怡")).at(-1)!.text;
    expect(file.split("\n").at(-1)).toBe("关爱：结对教师 赵磊；学习帮手 李娜；最近谈心 2026年11月20日；重点关注（差：成绩下滑）；帮扶方案 2027-01-15 复查");
  });
});
