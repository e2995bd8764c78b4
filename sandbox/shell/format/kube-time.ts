/**
 * Wall-clock renderings of the virtual clock (kubectl, iptables-save): RFC 3339 for
 * creationTimestamp and friends (`2022-10-24T09:00:00Z`, as metav1.Time
 * marshals) and RFC 1123Z for `describe` (`Mon, 24 Oct 2022 09:00:00 +0000`,
 * Go's time.RFC1123Z). The sandbox has no Date, so the civil calendar is
 * computed here (Howard Hinnant's days_from_civil / civil_from_days).
 *
 * LAB_EPOCH: virtual time 0 is 2022-10-24T09:00:00Z, a Monday shortly after
 * minikube v1.27.1 (Kubernetes v1.25.2) shipped, so dates fit the versions shown.
 */
const EPOCH_DAYS = daysFromCivil(2022, 10, 24);
const EPOCH_SECONDS = EPOCH_DAYS * 86400 + 9 * 3600;

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

function civil(ms: number): Civil {
  const total = EPOCH_SECONDS + Math.floor(ms / 1000);
  const days = Math.floor(total / 86400);
  const secs = total - days * 86400;
  const [year, month, day] = civilFromDays(days);
  // 1970-01-01 was a Thursday (4).
  const weekday = (((days % 7) + 7 + 4) % 7);
  return { year, month, day, hour: Math.floor(secs / 3600), minute: Math.floor((secs % 3600) / 60), second: secs % 60, weekday };
}

const p2 = (n: number) => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2022-10-24T09:09:55Z` */
export function rfc3339(ms: number): string {
  const c = civil(ms);
  return `${c.year}-${p2(c.month)}-${p2(c.day)}T${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)}Z`;
}

/** `Mon, 24 Oct 2022 09:09:55 +0000` */
export function rfc1123z(ms: number): string {
  const c = civil(ms);
  return `${DAYS[c.weekday]}, ${p2(c.day)} ${MONTHS[c.month - 1]} ${c.year} ${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)} +0000`;
}

/** C's ctime() layout, as iptables-save stamps its output (`Mon Oct 24 09:09:55 2022`; a one-digit day is space-padded). */
export function ctime(ms: number): string {
  const c = civil(ms);
  return `${DAYS[c.weekday]} ${MONTHS[c.month - 1]} ${String(c.day).padStart(2)} ${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)} ${c.year}`;
}
