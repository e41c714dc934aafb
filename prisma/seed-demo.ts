/**
 * The demo school: invented people only, the same every time (same names, same order, same
 * binding codes), so the README's table and scripted transcripts can bind at once. Real schools
 * import their roster and get random codes.
 */
import { parseOpeningHours } from "../src/domain/reunions/hours.ts";
import { withTx, type Db } from "../src/db/client.ts";
import type { Clock } from "../src/lib/clock.ts";
import type { Logger } from "../src/lib/logger.ts";
import { seededPicker } from "../src/lib/codes.ts";
import { issueBindingCode } from "../src/domain/bindings.ts";
import { defaultDomainSettings } from "../src/domain/deps.ts";
import type { GuardianRelation, LeftBehindType, StaffRole } from "../src/generated/prisma/enums.ts";
import { dayjs, SCHOOL_TZ } from "../src/lib/time.ts";

export const DEMO_SCHOOL = "青山镇中心小学";
/** The demo school's reunion video room (亲情视频室): one device, after class and Saturdays. */
export const DEMO_ROOM = "一号视频室";
const DEMO_ROOM_HOURS = "周一至周五 16:30-19:30 周六 09:00-17:00";

type StaffSeed = { name: string; role: StaffRole; phone: string };
const STAFF: StaffSeed[] = [
  { name: "王建国", role: "COORDINATOR", phone: "13907310001" },
  { name: "李春梅", role: "TEACHER", phone: "13907310002" },
  { name: "陈志强", role: "TEACHER", phone: "13907310003" },
  { name: "刘芳", role: "TEACHER", phone: "13907310004" },
  { name: "赵磊", role: "TEACHER", phone: "13907310005" },
];

const CLASSES = [
  { name: "三年级1班", grade: 3, homeroom: "李春梅" },
  { name: "四年级1班", grade: 4, homeroom: "陈志强" },
  { name: "五年级1班", grade: 5, homeroom: "刘芳" },
];

type StudentSeed = {
  cls: number;
  name: string;
  gender: "男" | "女";
  type: LeftBehindType;
  father: string;
  mother: string;
  /** Grandparent who cares for the child when both parents are away. */
  carer?: { name: string; relation: GuardianRelation };
  city: string;
  /** Shares the parents of an earlier child (siblings). */
  siblingOf?: string;
};

const S: StudentSeed[] = [
  { cls: 0, name: "张小明", gender: "男", type: "BOTH_AWAY", father: "张伟", mother: "刘丽", carer: { name: "张桂兰", relation: "GRANDMOTHER" }, city: "广东省东莞市" },
  { cls: 0, name: "李娜", gender: "女", type: "FATHER_AWAY", father: "李军", mother: "王芳", city: "浙江省宁波市" },
  { cls: 0, name: "王浩然", gender: "男", type: "BOTH_AWAY", father: "王强", mother: "陈静", carer: { name: "王德福", relation: "GRANDFATHER" }, city: "江苏省苏州市" },
  { cls: 0, name: "刘欣怡", gender: "女", type: "MOTHER_AWAY", father: "刘勇", mother: "杨敏", city: "上海市" },
  { cls: 0, name: "陈宇轩", gender: "男", type: "BOTH_AWAY", father: "陈刚", mother: "周燕", carer: { name: "周玉珍", relation: "MATERNAL_GRANDMOTHER" }, city: "福建省泉州市" },
  { cls: 0, name: "杨梓涵", gender: "女", type: "FATHER_AWAY", father: "杨波", mother: "吴霞", city: "广东省深圳市" },
  { cls: 0, name: "赵子豪", gender: "男", type: "BOTH_AWAY", father: "赵斌", mother: "孙红", carer: { name: "赵秀英", relation: "GRANDMOTHER" }, city: "北京市" },
  { cls: 0, name: "黄诗琪", gender: "女", type: "BOTH_AWAY", father: "黄涛", mother: "郑丽娟", carer: { name: "黄建华", relation: "GRANDFATHER" }, city: "广东省广州市" },
  { cls: 0, name: "周俊杰", gender: "男", type: "FATHER_AWAY", father: "周鹏", mother: "许梅", city: "浙江省义乌市" },
  { cls: 0, name: "吴雨桐", gender: "女", type: "BOTH_AWAY", father: "吴海", mother: "冯雪", carer: { name: "吴淑芬", relation: "GRANDMOTHER" }, city: "江苏省昆山市" },
  { cls: 1, name: "徐浩宇", gender: "男", type: "BOTH_AWAY", father: "徐明", mother: "何芳", carer: { name: "徐长林", relation: "GRANDFATHER" }, city: "广东省佛山市" },
  { cls: 1, name: "孙佳怡", gender: "女", type: "FATHER_AWAY", father: "孙杰", mother: "王芳", city: "福建省厦门市" },
  { cls: 1, name: "马天佑", gender: "男", type: "BOTH_AWAY", father: "马超", mother: "高燕", carer: { name: "马兰英", relation: "GRANDMOTHER" }, city: "新疆乌鲁木齐市" },
  { cls: 1, name: "朱梦瑶", gender: "女", type: "MOTHER_AWAY", father: "朱华", mother: "罗琴", city: "浙江省杭州市" },
  { cls: 1, name: "胡一鸣", gender: "男", type: "BOTH_AWAY", father: "胡斌", mother: "林娟", carer: { name: "林美华", relation: "MATERNAL_GRANDMOTHER" }, city: "日本东京" },
  { cls: 1, name: "郭思雨", gender: "女", type: "FATHER_AWAY", father: "郭峰", mother: "梁艳", city: "广东省中山市" },
  { cls: 1, name: "何俊熙", gender: "男", type: "BOTH_AWAY", father: "何亮", mother: "宋玲", carer: { name: "何永贵", relation: "GRANDFATHER" }, city: "江苏省无锡市" },
  { cls: 1, name: "高雅婷", gender: "女", type: "BOTH_AWAY", father: "高翔", mother: "谢萍", carer: { name: "高桂花", relation: "GRANDMOTHER" }, city: "上海市" },
  { cls: 1, name: "林子睿", gender: "男", type: "FATHER_AWAY", father: "林军", mother: "唐慧", city: "天津市" },
  { cls: 1, name: "罗欣然", gender: "女", type: "BOTH_AWAY", father: "罗刚", mother: "韩梅", carer: { name: "罗凤英", relation: "GRANDMOTHER" }, city: "湖北省武汉市" },
  { cls: 2, name: "张小红", gender: "女", type: "BOTH_AWAY", father: "张伟", mother: "刘丽", city: "广东省东莞市", siblingOf: "张小明" },
  { cls: 2, name: "郑凯文", gender: "男", type: "BOTH_AWAY", father: "郑辉", mother: "曹丽", carer: { name: "郑春生", relation: "GRANDFATHER" }, city: "广东省惠州市" },
  { cls: 2, name: "梁雨萱", gender: "女", type: "FATHER_AWAY", father: "梁斌", mother: "邓娟", city: "浙江省温州市" },
  { cls: 2, name: "谢文博", gender: "男", type: "BOTH_AWAY", father: "谢勇", mother: "彭霞", carer: { name: "谢桂英", relation: "GRANDMOTHER" }, city: "福建省福州市" },
  { cls: 2, name: "宋佳琪", gender: "女", type: "MOTHER_AWAY", father: "宋涛", mother: "曾敏", city: "广东省珠海市" },
  { cls: 2, name: "唐浩", gender: "男", type: "BOTH_AWAY", father: "唐伟", mother: "蒋丽", carer: { name: "蒋秀兰", relation: "MATERNAL_GRANDMOTHER" }, city: "江苏省南京市" },
  { cls: 2, name: "许静怡", gender: "女", type: "FATHER_AWAY", father: "许强", mother: "袁芳", city: "山东省青岛市" },
  { cls: 2, name: "韩宇航", gender: "男", type: "BOTH_AWAY", father: "韩冰", mother: "董莉", carer: { name: "韩金山", relation: "GRANDFATHER" }, city: "广东省东莞市" },
  { cls: 2, name: "冯可馨", gender: "女", type: "BOTH_AWAY", father: "冯军", mother: "程燕", carer: { name: "冯玉兰", relation: "GRANDMOTHER" }, city: "浙江省金华市" },
  { cls: 2, name: "邓明杰", gender: "男", type: "FATHER_AWAY", father: "邓华", mother: "傅琳", city: "四川省成都市" },
];

const EMPLOYERS = ["电子厂", "建筑工地", "服装厂", "物流公司", "餐馆", "家具厂"];

// ---- File fields of the national form (issue #3), derived from the child's roster number n
// (1-30) so the demo stays deterministic. A few are left blank on purpose, so `建档` and
// `roster stats` have gaps to show: no home address for n = 9, 17; no birth date for n = 24;
// 马天佑's mother has no phone; 郭思雨's father has no work city.
const VILLAGES = ["石桥", "柳塘", "青山", "枫树", "河口"];
const NO_ADDRESS = new Set([9, 17]);
const NO_BIRTH_DATE = new Set([24]);
const NO_PHONE = new Set(["高燕"]);
const NO_WORK_CITY = new Set(["郭峰"]);

/** The demo file fields of child number `n` (1-30) in class index `cls` (0 = 三年级). */
function demoFile(n: number, cls: number, type: LeftBehindType) {
  const born = dayjs.tz(`${2017 - cls}-${String(1 + ((n * 5) % 12)).padStart(2, "0")}-${String(1 + ((n * 7) % 28)).padStart(2, "0")}`, SCHOOL_TZ);
  return {
    birthDate: NO_BIRTH_DATE.has(n) ? null : born.toDate(),
    ethnicity: n === 13 ? "回族" : n === 22 ? "土家族" : "汉族",
    idNumber: n <= 2 ? `**************${String(1000 + n * 317).slice(-4)}` : null,
    homeAddress: NO_ADDRESS.has(n) ? null : `青山镇${VILLAGES[n % VILLAGES.length]}村${(n % 6) + 1}组`,
    boarding: cls === 2 && n % 2 === 0,
    health: n === 4 ? ("ILL" as const) : n === 19 ? ("DISABLED" as const) : ("HEALTHY" as const),
    healthNote: n === 4 ? "哮喘" : n === 19 ? "左腿行动不便" : null,
    guardianship: n === 13 ? ("POOR" as const) : type === "BOTH_AWAY" && n % 4 === 0 ? ("FAIR" as const) : ("GOOD" as const),
    priorityCare: n === 4 || n === 13 || n === 19,
    incomeSources: type === "BOTH_AWAY" ? "务工" : "务工、务农",
    aidReceived: n === 13 ? "低保" : n === 19 ? "临时救助、助学金" : null,
    notes: n === 1 ? "性格内向，喜欢画画" : n === 13 ? "父母常年在外，每学期与孩子通话较少" : null,
  };
}

/** A seeded person and their demo binding code, in seeding order. */
export interface DemoPerson {
  /** Simulator label: staff name, or child's name + relation word (`张小明妈妈`). */
  label: string;
  kind: "staff" | "guardian";
  id: number;
  name: string;
  code: string;
  /** End of the code's last valid day (Asia/Shanghai). */
  expiresAt: Date;
}

/** True when the database already has a school (the demo seed then does nothing). */
export async function hasSchool(db: Db): Promise<boolean> {
  return withTx(db, async (tx) => (await tx.school.count()) > 0);
}

const LABEL_WORD: Partial<Record<GuardianRelation, string>> = {
  FATHER: "爸爸",
  MOTHER: "妈妈",
  GRANDFATHER: "爷爷",
  GRANDMOTHER: "奶奶",
  MATERNAL_GRANDFATHER: "外公",
  MATERNAL_GRANDMOTHER: "外婆",
};

/**
 * Creates the demo school in one transaction: 3 classes, 30 left-behind children, their
 * parents and caregivers, 4 teachers and 1 coordinator, and one binding code each, valid like
 * any code: `codeTtlDays` (BINDING_CODE_TTL_DAYS, default 30) days from the clock's now, to the
 * end of that day. The codes themselves are the same every time (seeded picker, 8 characters).
 * Throws Error when the database already holds a school.
 */
export async function seedDemoSchool(db: Db, clock: Clock, logger: Logger, opts: { codeTtlDays?: number } = {}): Promise<DemoPerson[]> {
  return withTx(db, async (tx) => {
    if ((await tx.school.count()) > 0) throw new Error("the database already has a school; demo seed skipped");
    const now = clock.now();
    const settings = { ...defaultDomainSettings, bindingCodeTtlDays: opts.codeTtlDays ?? defaultDomainSettings.bindingCodeTtlDays };
    const deps = { db: tx, clock, logger, settings };
    const pick = seededPicker(20261201);
    const people: DemoPerson[] = [];
    const school = await tx.school.create({ data: { name: DEMO_SCHOOL, createdAt: now } });
    const staffIds = new Map<string, number>();
    for (const s of STAFF) {
      const row = await tx.staff.create({ data: { schoolId: school.id, name: s.name, role: s.role, phone: s.phone, createdAt: now } });
      staffIds.set(s.name, row.id);
    }
    const classIds: number[] = [];
    for (const c of CLASSES) {
      const row = await tx.class.create({
        data: { schoolId: school.id, name: c.name, grade: c.grade, homeroomTeacherId: staffIds.get(c.homeroom)!, createdAt: now },
      });
      classIds.push(row.id);
      await tx.classTeacher.create({ data: { classId: row.id, staffId: staffIds.get("赵磊")!, subject: "数学" } });
    }
    const hours = parseOpeningHours(DEMO_ROOM_HOURS);
    if (!hours.ok) throw new Error(`demo room hours: ${JSON.stringify(hours.problem)}`);
    await tx.reunionRoom.create({ data: { schoolId: school.id, name: DEMO_ROOM, capacity: 1, openingHours: JSON.stringify(hours.hours), createdAt: now, updatedAt: now } });
    for (const s of STAFF) {
      const id = staffIds.get(s.name)!;
      const code = await issueBindingCode(deps, { target: { kind: "staff", id }, issuer: { type: "CLI" }, pick });
      people.push({ label: s.name, kind: "staff", id, name: s.name, code: code.code, expiresAt: code.expiresAt });
    }
    const familyOf = new Map<string, number[]>();
    let n = 0;
    for (const st of S) {
      n++;
      const student = await tx.student.create({
        data: {
          schoolId: school.id,
          classId: classIds[st.cls]!,
          name: st.name,
          studentNo: `2026${String(n).padStart(3, "0")}`,
          gender: st.gender,
          leftBehindType: st.type,
          ...demoFile(n, st.cls, st.type),
          createdAt: now,
          updatedAt: now,
        },
      });
      let guardianIds = st.siblingOf ? familyOf.get(st.siblingOf) : undefined;
      if (!guardianIds) {
        guardianIds = [];
        const fatherAway = st.type !== "MOTHER_AWAY";
        const motherAway = st.type === "BOTH_AWAY" || st.type === "MOTHER_AWAY";
        const members: { name: string; relation: GuardianRelation; away: boolean; carer: boolean }[] = [
          { name: st.father, relation: "FATHER", away: fatherAway, carer: !fatherAway },
          { name: st.mother, relation: "MOTHER", away: motherAway, carer: !motherAway },
        ];
        if (st.carer) members.push({ name: st.carer.name, relation: st.carer.relation, away: false, carer: true });
        for (const m of members) {
          const g = await tx.guardian.create({
            data: {
              schoolId: school.id,
              name: m.name,
              relation: m.relation,
              worksAway: m.away,
              isCaregiver: m.carer,
              phone: NO_PHONE.has(m.name) ? null : `1380731${String(1000 + n * 10 + guardianIds.length).slice(-4)}`,
              workCity: m.away && !NO_WORK_CITY.has(m.name) ? st.city : null,
              employer: m.away && !NO_WORK_CITY.has(m.name) ? `${st.city.replace(/^.+?[省市]/, "").replace(/市$/, "") || st.city}${EMPLOYERS[n % EMPLOYERS.length]}` : null,
              ...(m.relation === "FATHER" || m.relation === "MOTHER"
                ? { birthYear: 1986 + (n % 7) + (m.relation === "MOTHER" ? 1 : 0), occupation: m.away ? "务工" : "务农" }
                : { age: 60 + (n % 9), occupation: "务农", health: n === 7 ? "高血压" : "良好", address: demoFile(n, st.cls, st.type).homeAddress }),
              createdAt: now,
              updatedAt: now,
            },
          });
          guardianIds.push(g.id);
          const code = await issueBindingCode(deps, { target: { kind: "guardian", id: g.id }, issuer: { type: "CLI" }, pick });
          people.push({ label: `${st.name}${LABEL_WORD[m.relation] ?? "家长"}`, kind: "guardian", id: g.id, name: m.name, code: code.code, expiresAt: code.expiresAt });
        }
        familyOf.set(st.name, guardianIds);
      }
      for (const guardianId of guardianIds) await tx.studentGuardian.create({ data: { studentId: student.id, guardianId } });
    }
    return people;
  });
}

/** The simulator labels of every demo person (staff names, `<child><relation>`), with record ids. */
export async function listDemoPeople(db: Db): Promise<Omit<DemoPerson, "code" | "expiresAt">[]> {
  return withTx(db, async (tx) => {
    const out: Omit<DemoPerson, "code" | "expiresAt">[] = [];
    for (const s of await tx.staff.findMany({ orderBy: { id: "asc" } })) out.push({ label: s.name, kind: "staff", id: s.id, name: s.name });
    const guardians = await tx.guardian.findMany({
      orderBy: { id: "asc" },
      include: { students: { include: { student: { select: { id: true, name: true } } }, orderBy: { studentId: "asc" } } },
    });
    for (const g of guardians) {
      const child = g.students[0]?.student.name ?? "";
      out.push({ label: `${child}${LABEL_WORD[g.relation] ?? "家长"}`, kind: "guardian", id: g.id, name: g.name });
    }
    return out;
  });
}
