import dayjs from 'dayjs';

export function formatDate(value: string | Date | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD') : '';
}

export function formatDateTime(value: string | Date | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '';
}

/** "2h 05m", "3d 4h", "45s": compact durations for countdowns. */
export function formatDuration(ms: number, units: { d: string; h: string; m: string; s: string }): string {
  const total = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days}${units.d} ${hours}${units.h}`;
  if (hours > 0) return `${hours}${units.h} ${String(minutes).padStart(2, '0')}${units.m}`;
  if (minutes > 0) return `${minutes}${units.m} ${String(seconds).padStart(2, '0')}${units.s}`;
  return `${seconds}${units.s}`;
}
