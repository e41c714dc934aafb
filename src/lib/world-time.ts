/**
 * Time zones of the places parents abroad work in (issue #5 point 3: "parents abroad see the
 * time in their own time zone as well when their work city has one"). A work city is free text
 * (`更新工作地 阿联酋迪拜`, roster column 务工地点); the first known country or city name found in it
 * gives an IANA zone, read by dayjs's timezone plugin (Intl data of Node 20: daylight saving
 * follows the real rules). Places in China, and unknown places, have none: the time is Beijing time.
 */
import { dayjs } from "./time.ts";

/** Place names (Chinese, as parents write them) -> IANA zone. The name found last in the text wins. */
const ZONES: Record<string, string> = {
  日本: "Asia/Tokyo", 东京: "Asia/Tokyo", 大阪: "Asia/Tokyo",
  韩国: "Asia/Seoul", 首尔: "Asia/Seoul", 釜山: "Asia/Seoul",
  新加坡: "Asia/Singapore", 马来西亚: "Asia/Kuala_Lumpur", 吉隆坡: "Asia/Kuala_Lumpur",
  泰国: "Asia/Bangkok", 曼谷: "Asia/Bangkok", 越南: "Asia/Ho_Chi_Minh", 胡志明: "Asia/Ho_Chi_Minh", 河内: "Asia/Bangkok",
  柬埔寨: "Asia/Phnom_Penh", 金边: "Asia/Phnom_Penh", 老挝: "Asia/Vientiane", 缅甸: "Asia/Yangon",
  印度尼西亚: "Asia/Jakarta", 印尼: "Asia/Jakarta", 雅加达: "Asia/Jakarta", 菲律宾: "Asia/Manila", 马尼拉: "Asia/Manila",
  阿联酋: "Asia/Dubai", 迪拜: "Asia/Dubai", 阿布扎比: "Asia/Dubai", 沙特: "Asia/Riyadh", 利雅得: "Asia/Riyadh",
  卡塔尔: "Asia/Qatar", 科威特: "Asia/Kuwait", 以色列: "Asia/Jerusalem", 巴基斯坦: "Asia/Karachi",
  哈萨克斯坦: "Asia/Almaty", 蒙古: "Asia/Ulaanbaatar", 乌兰巴托: "Asia/Ulaanbaatar",
  俄罗斯: "Europe/Moscow", 莫斯科: "Europe/Moscow", 英国: "Europe/London", 伦敦: "Europe/London",
  法国: "Europe/Paris", 巴黎: "Europe/Paris", 德国: "Europe/Berlin", 意大利: "Europe/Rome", 米兰: "Europe/Rome",
  西班牙: "Europe/Madrid", 马德里: "Europe/Madrid", 荷兰: "Europe/Amsterdam", 塞尔维亚: "Europe/Belgrade",
  安哥拉: "Africa/Luanda", 尼日利亚: "Africa/Lagos", 埃塞俄比亚: "Africa/Addis_Ababa", 肯尼亚: "Africa/Nairobi",
  南非: "Africa/Johannesburg", 阿尔及利亚: "Africa/Algiers", 埃及: "Africa/Cairo", 赞比亚: "Africa/Lusaka",
  澳大利亚: "Australia/Sydney", 悉尼: "Australia/Sydney", 新西兰: "Pacific/Auckland",
  美国: "America/New_York", 纽约: "America/New_York", 洛杉矶: "America/Los_Angeles", 旧金山: "America/Los_Angeles",
  加拿大: "America/Toronto", 多伦多: "America/Toronto", 温哥华: "America/Vancouver",
  巴西: "America/Sao_Paulo", 阿根廷: "America/Argentina/Buenos_Aires", 秘鲁: "America/Lima", 墨西哥: "America/Mexico_City",
};
const NAMES = Object.keys(ZONES);

/** The place's zone and the name it was found by, e.g. `{ zone: "Asia/Dubai", place: "迪拜" }`; null for China or unknown. */
export function zoneOfWorkCity(workCity: string | null | undefined): { zone: string; place: string } | null {
  if (!workCity) return null;
  // Addresses go from the country to the city: the name found last is the most precise.
  let best: { place: string; at: number } | null = null;
  for (const n of NAMES) {
    const at = workCity.lastIndexOf(n);
    if (at >= 0 && (!best || at > best.at || (at === best.at && n.length > best.place.length))) best = { place: n, at };
  }
  return best ? { zone: ZONES[best.place]!, place: best.place } : null;
}

/**
 * `[start, end)` (epoch ms) as read where the parent works: `迪拜时间 12月5日 15:00–15:30`, or null
 * when the work city has no foreign zone or the zone's clock equals Beijing time at `start`.
 */
export function localSpanText(start: number, end: number, workCity: string | null | undefined): string | null {
  const z = zoneOfWorkCity(workCity);
  if (!z) return null;
  const s = dayjs(start).tz(z.zone);
  if (s.utcOffset() === 480) return null;
  return `${z.place}时间 ${s.month() + 1}月${s.date()}日 ${s.format("HH:mm")}–${dayjs(end).tz(z.zone).format("HH:mm")}`;
}
