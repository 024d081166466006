/**
 * Cursor paging that can go back: the cursors of pages 2..n seen so far travel in the URL as a
 * comma-separated trail (HubSpot's cursors and our ids never contain commas), and `page` says
 * where in the trail we are. Page 1 has no cursor.
 */
export interface CursorTrail {
  page: number;
  cursors: string[];
}

export function parseTrail(pageParam: string | null, cursorsParam: string | null): CursorTrail {
  const cursors = (cursorsParam ?? "").split(",").filter(Boolean);
  const page = Number(pageParam);
  const safePage = Number.isInteger(page) && page >= 1 && page <= cursors.length + 1 ? page : 1;
  return { page: safePage, cursors };
}

/** The cursor to send for the current page (undefined on page 1). */
export const currentCursor = (t: CursorTrail) => (t.page === 1 ? undefined : t.cursors[t.page - 2]);

/** Going forward with the page's `next_after`: keep the trail up to here, then add it. */
export function nextTrail(t: CursorTrail, nextAfter: string): CursorTrail {
  const kept = t.cursors.slice(0, t.page - 1);
  return { page: t.page + 1, cursors: [...kept, nextAfter] };
}

export const previousTrail = (t: CursorTrail): CursorTrail => ({ page: Math.max(1, t.page - 1), cursors: t.cursors });

export const trailToParams = (t: CursorTrail) => ({
  page: t.page === 1 ? undefined : t.page,
  cursors: t.cursors.length ? t.cursors.join(",") : undefined,
});
