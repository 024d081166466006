import type { UseQueryResult } from "@tanstack/react-query";

/**
 * The options of a select filled from HubSpot: a first "default" option, then HubSpot's, with a
 * disabled line while they load or when they could not be read.
 */
export function SelectOptions<T>({ query, placeholder, toOption }: {
  query: Pick<UseQueryResult<T[]>, "data" | "isPending" | "isError">;
  placeholder: string;
  toOption: (item: T) => { value: string; label: string };
}) {
  return (
    <>
      <option value="">{placeholder}</option>
      {query.isPending ? <option disabled>Loading from HubSpot…</option> : null}
      {query.isError ? <option disabled>Could not load the options</option> : null}
      {(query.data ?? []).map((item) => {
        const o = toOption(item);
        return (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        );
      })}
    </>
  );
}
