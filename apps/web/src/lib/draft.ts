/**
 * Drafts of forms kept in sessionStorage (this browser tab only, gone when it closes), so that a save
 * never loses what was typed (issue 15, point 4): when the session expires during a save, the app
 * shows the login page in place, and after the login the form opens again with the draft restored.
 * A draft belongs to the user who typed it: another user logging in on the same tab does not see it.
 */
const PREFIX = 'yte.draft.';

interface Stored<T> { userId: string; savedAt: string; values: T }

export function saveDraft<T>(key: string, userId: string, values: T) {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify({ userId, savedAt: new Date().toISOString(), values } satisfies Stored<T>));
  } catch {
    /* storage full or disabled: nothing more can be done here */
  }
}

export function loadDraft<T>(key: string, userId: string | undefined): T | null {
  if (!userId) return null;
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    if (!raw) return null;
    const d = JSON.parse(raw) as Stored<T>;
    return d.userId === userId ? d.values : null;
  } catch {
    return null;
  }
}

export const clearDraft = (key: string) => sessionStorage.removeItem(PREFIX + key);
