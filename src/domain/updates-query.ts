/**
 * What a guardian reads with `孩子近况` / `近况` (issue #4 point 7): the latest teacher updates
 * about each of their children, the child's own and their class's, newest first.
 *
 * Each child also shows the date of the last heart-to-heart talk (TalkRecord, issue #6): the
 * date only, never its content (talk records are staff-only), and the next booked reunion session
 * (issue #5, domain/reunions/views.ts nextBookedOf).
 */
import type { Deps } from "./deps.ts";
import type { StudentStatus } from "../generated/prisma/enums.ts";
import { compareClasses } from "./cards.ts";
import type { MediaKind } from "./updates-media.ts";
import { nextBookedOf } from "./reunions/views.ts";

/** How many updates are shown per child. */
export const NEWS_PER_CHILD = 3;

/** One update as a guardian reads it. */
export interface NewsItem {
  at: Date;
  authorName: string;
  /** True for an update to the whole class. */
  classWide: boolean;
  text: string;
  /** Kinds of the files relayed with it (failed downloads left out), in order sent. */
  media: MediaKind[];
}

/** One child of the guardian and their latest updates. */
export interface ChildNews {
  name: string;
  className: string;
  status: StudentStatus;
  /** Up to {@link NEWS_PER_CHILD}, newest first; [] for a child who is not ACTIVE. */
  updates: NewsItem[];
  /** When the child's last talk was held (TalkRecord.talkedAt), null when none or not ACTIVE. */
  lastTalkAt: Date | null;
  /** The next BOOKED reunion session (start after now; epoch ms), null when none or not ACTIVE. */
  nextReunion: { start: number; end: number } | null;
}

/**
 * The children of guardian records `guardianIds` (each child once, by class then roster
 * order) with their latest updates: those about the child and those to the child's current
 * class, newest first. Children who are not ACTIVE are listed with no updates (their status
 * says why). [] when the records have no children.
 */
export async function listNewsForGuardian(deps: Deps, input: { guardianIds: number[] }): Promise<ChildNews[]> {
  const { db } = deps;
  const links = await db.studentGuardian.findMany({
    where: { guardianId: { in: input.guardianIds } },
    select: { student: { select: { id: true, name: true, status: true, studentNo: true, classId: true, class: { select: { id: true, name: true, grade: true } } } } },
  });
  const children = [...new Map(links.map((l) => [l.student.id, l.student])).values()];
  children.sort((a, b) => compareClasses(a.class, b.class) || (a.studentNo ?? "").localeCompare(b.studentNo ?? "") || a.id - b.id);
  const out: ChildNews[] = [];
  const authorIds = new Set<number>();
  const raw = new Map<number, Awaited<ReturnType<typeof latestFor>>>();
  for (const c of children) {
    if (c.status !== "ACTIVE") continue;
    const rows = await latestFor(db, c.id, c.classId);
    rows.forEach((r) => authorIds.add(r.authorId));
    raw.set(c.id, rows);
  }
  const talks = await db.talkRecord.groupBy({ by: ["studentId"], where: { studentId: { in: [...raw.keys()] } }, _max: { talkedAt: true } });
  const lastTalk = new Map(talks.map((t) => [t.studentId, t._max.talkedAt]));
  const nextReunion = await nextBookedOf(deps, [...raw.keys()]);
  const authors = new Map((await db.staff.findMany({ where: { id: { in: [...authorIds] } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  for (const c of children) {
    const rows = raw.get(c.id) ?? [];
    out.push({
      name: c.name,
      className: c.class.name,
      status: c.status,
      lastTalkAt: lastTalk.get(c.id) ?? null,
      nextReunion: nextReunion.get(c.id) ?? null,
      updates: rows.map((r) => ({
        at: r.createdAt,
        authorName: authors.get(r.authorId) ?? "",
        classWide: r.studentId === null,
        text: r.text,
        media: r.attachments.map((a) => a.messageKind as MediaKind),
      })),
    });
  }
  return out;
}

function latestFor(db: Deps["db"], studentId: number, classId: number) {
  return db.teacherUpdate.findMany({
    where: { OR: [{ studentId }, { classId }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: NEWS_PER_CHILD,
    include: { attachments: { where: { attachmentError: null }, orderBy: { at: "asc" }, select: { messageKind: true } } },
  });
}
