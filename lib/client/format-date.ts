/** A timestamp as the dashboard shows it: the reader's locale, medium date, short time. */
export const formatDateTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
