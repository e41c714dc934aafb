/**
 * A picture, voice note, video or file a teacher sends right after an update (近况) belongs to
 * it: it is kept as a TeacherUpdateAttachment and relayed to the same families (issue #4
 * point 6, "a picture or voice sent right after is attached").
 */
import type { Deps } from "./deps.ts";
import type { StaffBinding } from "./identities.ts";
import { touchParentContact } from "./contact.ts";
import { loadFamilies, recipientsOf, relayToRecipients, type Family } from "./updates-family.ts";
import type { NamedGuardian } from "./updates.ts";
import { relayText } from "../messages/updates.ts";

/** How long after the author's latest update (or its latest attachment) a file still joins it, ms. */
export const ATTACH_WINDOW_MS = 10 * 60_000;

/** The message kinds that carry a file and may join an update. */
export type MediaKind = "voice" | "image" | "video" | "file";

/** The outcome of {@link attachToRecentUpdate}. */
export type AttachResult =
  | { kind: "no-recent-update" }
  /** The file could not be downloaded: the row notes it, nobody received anything. */
  | { kind: "failed"; media: MediaKind }
  | {
      kind: "relayed";
      media: MediaKind;
      /** The child's name for an update about a child, else null. */
      childName: string | null;
      /** The class name for a class update, else null. */
      className: string | null;
      /** For an update about a child: the guardians who received it (one per contact). */
      delivered: NamedGuardian[];
      /** How many WeChat contacts received it. */
      contacts: number;
    };

/**
 * Attaches a file `staff` sent to their latest update when it (or its latest attachment) is
 * at most {@link ATTACH_WINDOW_MS} old, and relays the file to the update's families as they
 * are now (bound guardians of the child, or of the class's ACTIVE children), one outbox row per
 * contact holding the file alone (dedupe key `update:<id>:a<attachmentId>:g<guardianId>`). A
 * failed download (`attachment.error`) is kept as a row with the error and relayed to nobody.
 * An update about a child also moves the child's last family contact to now when someone
 * receives the file. Returns kind "no-recent-update" (nothing written) otherwise.
 */
export async function attachToRecentUpdate(
  deps: Deps,
  input: { staff: StaffBinding; media: MediaKind; attachment: { path: string; name: string } | { error: string } | undefined },
): Promise<AttachResult> {
  const { db, clock } = deps;
  const now = clock.now();
  const latest = await db.teacherUpdate.findFirst({
    where: { authorId: input.staff.id, schoolId: input.staff.schoolId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { attachments: { orderBy: { at: "desc" }, take: 1, select: { at: true } } },
  });
  const lastActivity = latest ? Math.max(latest.createdAt.getTime(), latest.attachments[0]?.at.getTime() ?? 0) : null;
  if (!latest || lastActivity === null || now.getTime() - lastActivity > ATTACH_WINDOW_MS || now.getTime() < latest.createdAt.getTime()) {
    return { kind: "no-recent-update" };
  }
  // Any hotline action since (an answer, a hand-over, a note, a logged call) ends the window: a
  // picture sent after answering one family must not go to the family of the last update.
  const since = new Date(lastActivity);
  const hotlineSince =
    (await db.hotlineEntry.count({ where: { authorStaffId: input.staff.id, at: { gt: since } } })) +
    (await db.hotlineRequest.count({ where: { loggedById: input.staff.id, createdAt: { gt: since } } }));
  if (hotlineSince > 0) return { kind: "no-recent-update" };
  const file = input.attachment && "path" in input.attachment ? input.attachment : null;
  const error = file ? null : input.attachment && "error" in input.attachment ? input.attachment.error : "no file";
  const row = await db.teacherUpdateAttachment.create({
    data: { updateId: latest.id, at: now, messageKind: input.media, attachmentPath: file?.path ?? null, attachmentName: file?.name ?? null, attachmentError: error },
  });
  if (!file) return { kind: "failed", media: input.media };

  let families: Family[];
  let className: string | null = null;
  let childName: string | null = null;
  if (latest.studentId !== null) {
    families = await loadFamilies(db, [latest.studentId]);
    childName = families[0]?.childName ?? null;
  } else {
    const cls = await db.class.findUnique({ where: { id: latest.classId! }, select: { name: true, students: { where: { status: "ACTIVE" }, select: { id: true } } } });
    className = cls?.name ?? null;
    families = cls ? await loadFamilies(db, cls.students.map((s) => s.id)) : [];
  }
  const recipients = recipientsOf(families);
  const label = relayText.fileLabel(input.media, file.name, childName ?? className ?? "");
  await relayToRecipients(db, recipients, { keyPrefix: `update:${latest.id}:a${row.id}`, now, render: () => label, attachment: file });
  if (latest.studentId !== null && recipients.length > 0) await touchParentContact(deps, [latest.studentId], now);
  return {
    kind: "relayed",
    media: input.media,
    childName,
    className,
    delivered: latest.studentId !== null ? recipients.map((r) => ({ name: r.member.name, relationLabel: r.member.relationLabel })) : [],
    contacts: recipients.length,
  };
}
