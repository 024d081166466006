import type { RegistrationBody } from "./registrations";
import type { TestApp } from "./app";

/** A CSV of leads, one contact, deal and ticket a row; every `sameEmailEvery`-th row reuses the first row's email. */
export function leadsCsv(rows: number, { prefix = "lead", sameEmailEvery = 0, separator = "," } = {}): string {
  const header = ["email", "firstname", "dealname", "amount", "subject", "hs_ticket_priority"].join(separator);
  const lines = Array.from({ length: rows }, (_, i) => {
    const email = sameEmailEvery && i > 0 && i % sameEmailEvery === 0 ? `${prefix}-0@example.com` : `${prefix}-${i}@example.com`;
    return [email, `Lead ${i}`, `${prefix} deal ${i}`, String(100 + i), `${prefix} ticket ${i}`, "LOW"].join(separator);
  });
  return [header, ...lines].join("\n") + "\n";
}

/** POST a CSV as a text/csv body; `query` adds options (mapping, skip_invalid, validate_only). */
export async function importCsv(app: TestApp, csv: string, query = "") {
  const res = await app.request("POST", `/api/imports${query ? `?${query}` : ""}`, { rawBody: csv, headers: { "content-type": "text/csv" } });
  return { status: res.status, body: await res.json() };
}

export async function importStatus(app: TestApp, id: string) {
  return (await app.json("GET", `/api/imports/${id}`)).body;
}

/** An import's rows (first page of 500), optionally `state=…`. */
export async function importRows(app: TestApp, id: string, query = "") {
  return (await app.json("GET", `/api/imports/${id}/rows?limit=500${query ? `&${query}` : ""}`)).body.results;
}

/** Registrations of one contact, one deal and one ticket each, as an import's rows stand for them. */
export const leadRegistrations = (tag: string, n: number): RegistrationBody[] =>
  Array.from({ length: n }, (_, i) => ({
    contact: { email: `${tag}-${i}@example.com`, firstname: `Lead ${i}` },
    deals: [{ dealname: `${tag} deal ${i}`, amount: 100 + i }],
    tickets: [{ subject: `${tag} ticket ${i}`, hs_ticket_priority: "LOW" }],
  }));

/** The CSV of those registrations (the columns leadsCsv writes). */
export const registrationsCsv = (rows: RegistrationBody[]) =>
  ["email,firstname,dealname,amount,subject,hs_ticket_priority", ...rows.map((r) =>
    [r.contact.email, r.contact.firstname, r.deals[0].dealname, r.deals[0].amount, r.tickets[0].subject, r.tickets[0].hs_ticket_priority].join(","),
  )].join("\n") + "\n";
