/** A timestamp as the dashboard shows it: the reader's locale, medium date, short time. */
export const formatDateTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** To the second, where attempts follow each other closely (webhook deliveries). */
export const formatDateTimeToSecond = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
