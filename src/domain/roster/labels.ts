/**
 * Cell values of the roster's coded columns, both ways: the word `roster export` writes for each
 * enum value, and the words schools write that `roster import` reads as that value. Words are
 * compared after NFKC folding and removing white space.
 */
import type { GuardianRelation, GuardianshipLevel, HealthStatus, LeftBehindType, StudentStatus } from "../../generated/prisma/enums.ts";
import { LEFT_BEHIND_LABEL } from "../../messages/cards.ts";

/** Folds a coded cell for lookup: NFKC, no white space. */
export function wordKey(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "");
}

function table<T extends string>(entries: Record<string, T>): ReadonlyMap<string, T> {
  return new Map(Object.entries(entries).map(([k, v]) => [wordKey(k), v]));
}

/** 留守类型 as exported (the school layout's words). */
export const LEFT_BEHIND_WORD: Record<LeftBehindType, string> = LEFT_BEHIND_LABEL;

/**
 * 留守类型 as read. The national form's "一方外出务工另一方无监护能力" does not say which parent is
 * away, so it is OTHER.
 */
export const LEFT_BEHIND_BY_WORD = table<LeftBehindType>({
  父母均外出: "BOTH_AWAY",
  父母均外出务工: "BOTH_AWAY",
  父母双方外出: "BOTH_AWAY",
  父母双方外出务工: "BOTH_AWAY",
  父母双方均外出务工: "BOTH_AWAY",
  父母都外出: "BOTH_AWAY",
  父母外出: "BOTH_AWAY",
  双亲外出: "BOTH_AWAY",
  双方外出: "BOTH_AWAY",
  父亲外出: "FATHER_AWAY",
  父亲外出务工: "FATHER_AWAY",
  父外出: "FATHER_AWAY",
  母亲外出: "MOTHER_AWAY",
  母亲外出务工: "MOTHER_AWAY",
  母外出: "MOTHER_AWAY",
  单亲外出: "SINGLE_PARENT_AWAY",
  单亲外出务工: "SINGLE_PARENT_AWAY",
  单亲家庭外出: "SINGLE_PARENT_AWAY",
  单亲: "SINGLE_PARENT_AWAY",
  其他: "OTHER",
  其它: "OTHER",
  一方外出务工另一方无监护能力: "OTHER",
  一方外出另一方无监护能力: "OTHER",
});

/** Which parents a 留守类型 says are away (for a parent whose 务工地点 is blank). */
export function parentAwayByType(type: LeftBehindType, parent: "father" | "mother"): boolean | undefined {
  switch (type) {
    case "BOTH_AWAY":
      return true;
    case "FATHER_AWAY":
      return parent === "father";
    case "MOTHER_AWAY":
      return parent === "mother";
    default:
      return undefined;
  }
}

/** 务工地点 words meaning the parent is at home (not a migrant worker). */
export const AT_HOME_WORDS: ReadonlySet<string> = new Set(
  ["在家", "在家务农", "在家务工", "务农", "本地", "本地务工", "本地务农", "本乡", "本镇", "本村", "在本地", "在家中", "家中", "无", "未外出", "没有外出"].map(wordKey),
);

/** What `roster export` writes for a parent at home. */
export const AT_HOME_WORD = "在家";

/** 务工地点 words saying a parent is away without saying where. */
export const AWAY_WORDS: ReadonlySet<string> = new Set(["外出", "外出务工", "外出打工", "在外", "在外务工", "在外地", "外地", "外地务工"].map(wordKey));

/** What `roster export` writes for a parent away whose work city is not known. */
export const AWAY_WORD = "外出";

/** 监护情况评估 both ways (the national form's three levels). */
export const GUARDIANSHIP_WORD: Record<GuardianshipLevel, string> = { GOOD: "较好", FAIR: "一般", POOR: "差" };
export const GUARDIANSHIP_BY_WORD = table<GuardianshipLevel>({ 较好: "GOOD", 好: "GOOD", 良好: "GOOD", 优: "GOOD", 一般: "FAIR", 中: "FAIR", 较差: "POOR", 差: "POOR" });

/** 在校状态 both ways. 辍学, 休学, 退学... are EXITED with the word kept as the reason. */
export const STATUS_WORD: Record<StudentStatus, string> = { ACTIVE: "在读", TRANSFERRED: "转出", GRADUATED: "毕业", EXITED: "离校" };
export const STATUS_BY_WORD = table<StudentStatus>({
  在读: "ACTIVE",
  在校: "ACTIVE",
  正常: "ACTIVE",
  转出: "TRANSFERRED",
  转学: "TRANSFERRED",
  已转学: "TRANSFERRED",
  毕业: "GRADUATED",
  已毕业: "GRADUATED",
  离校: "EXITED",
  辍学: "EXITED",
  休学: "EXITED",
  退学: "EXITED",
  出国: "EXITED",
  死亡: "EXITED",
});

/** Yes/no cells (是否寄宿, 重点帮扶). */
export const YES_WORD = "是";
export const NO_WORD = "否";
export const BOOL_BY_WORD = table<"yes" | "no">({
  是: "yes",
  否: "no",
  有: "yes",
  无: "no",
  Y: "yes",
  N: "no",
  YES: "yes",
  NO: "no",
  "√": "yes",
  "✓": "yes",
  "×": "no",
  寄宿: "yes",
  住校: "yes",
  寄宿生: "yes",
  走读: "no",
  走读生: "no",
  不寄宿: "no",
  重点: "yes",
  重点帮扶: "yes",
  重点帮扶对象: "yes",
});

/** Genders as stored and exported. */
export const GENDER_WORDS = ["男", "女"] as const;
/** Gender words as read. */
export const GENDER_BY_WORD = table<"男" | "女">({ 男: "男", 女: "女", 男性: "男", 女性: "女", 男孩: "男", 女孩: "女", M: "男", F: "女" });

/** 学生身体状况: the words that mean healthy; anything else is an illness or a disability. */
export const HEALTHY_WORDS: ReadonlySet<string> = new Set(["健康", "良好", "好", "正常", "健康良好", "身体健康", "良"].map(wordKey));
/** Words marking a disability (the rest of the text is kept as the note). */
export const DISABILITY_PATTERN = /残|聋|哑|盲|瘫|截肢|肢体|智力障碍|智障|听力障碍|视力障碍|言语障碍|精神障碍|自闭|脑瘫|腿脚不便|行动不便|不能行走/;
/** 学生身体状况 as exported when the note alone would not read back as the same status. */
export const HEALTH_WORD: Record<HealthStatus, string> = { HEALTHY: "健康", ILL: "患病", DISABLED: "残疾" };

/** 与学生关系 as exported; the roster writes `relationLabel` instead when one is stored. */
export const RELATION_WORD: Record<GuardianRelation, string> = {
  FATHER: "父亲",
  MOTHER: "母亲",
  GRANDFATHER: "祖父",
  GRANDMOTHER: "祖母",
  MATERNAL_GRANDFATHER: "外祖父",
  MATERNAL_GRANDMOTHER: "外祖母",
  UNCLE: "叔叔",
  AUNT: "姑姑",
  SIBLING: "哥哥",
  OTHER: "其他亲属",
};

/** 与学生关系 as read: the enum for each word. A word other than RELATION_WORD is kept as relationLabel. */
export const RELATION_BY_WORD = table<GuardianRelation>({
  父亲: "FATHER",
  爸爸: "FATHER",
  父: "FATHER",
  父子: "FATHER",
  父女: "FATHER",
  母亲: "MOTHER",
  妈妈: "MOTHER",
  母: "MOTHER",
  母子: "MOTHER",
  母女: "MOTHER",
  祖父: "GRANDFATHER",
  爷爷: "GRANDFATHER",
  祖孙: "GRANDFATHER",
  祖母: "GRANDMOTHER",
  奶奶: "GRANDMOTHER",
  外祖父: "MATERNAL_GRANDFATHER",
  外公: "MATERNAL_GRANDFATHER",
  姥爷: "MATERNAL_GRANDFATHER",
  外祖母: "MATERNAL_GRANDMOTHER",
  外婆: "MATERNAL_GRANDMOTHER",
  姥姥: "MATERNAL_GRANDMOTHER",
  叔叔: "UNCLE",
  叔父: "UNCLE",
  伯父: "UNCLE",
  伯伯: "UNCLE",
  舅舅: "UNCLE",
  舅父: "UNCLE",
  姑父: "UNCLE",
  姨父: "UNCLE",
  姑姑: "AUNT",
  姑妈: "AUNT",
  姨妈: "AUNT",
  阿姨: "AUNT",
  小姨: "AUNT",
  舅妈: "AUNT",
  婶婶: "AUNT",
  伯母: "AUNT",
  哥哥: "SIBLING",
  姐姐: "SIBLING",
  兄: "SIBLING",
  姐: "SIBLING",
  兄妹: "SIBLING",
  姐弟: "SIBLING",
});
