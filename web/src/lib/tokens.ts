// The patient's appointment tokens, remembered in this browser so "My appointment" links keep working.
const storageKey = 'booking.appointments';

export function rememberToken(id: string, token: string | null | undefined): void {
  if (!token) return;
  try {
    const all = JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Record<string, string>;
    all[id] = token;
    localStorage.setItem(storageKey, JSON.stringify(all));
  } catch {
    // Storage full or disabled: the link itself still carries the token.
  }
}

export function recallToken(id: string): string | null {
  try {
    return (JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Record<string, string>)[id] ?? null;
  } catch {
    return null;
  }
}

export function appointmentLink(id: string, token: string | null | undefined): string {
  return `/appointments/${id}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}
