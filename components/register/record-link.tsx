import { isExternal, recordUrl } from "@/lib/client/record-links";
import type { CrmObjectType } from "@/lib/schemas/constants";
import type { RecordLinkTarget } from "@/lib/schemas/record-link";

/** A HubSpot id linked to its record: HubSpot's page (new tab) for a live portal, the app's record view in sandbox mode. */
export function RecordLink({ target, type, id }: { target: RecordLinkTarget; type: CrmObjectType; id: string }) {
  const external = isExternal(target);
  return (
    <a
      href={recordUrl(target, type, id)}
      className="font-mono text-brand-700 underline underline-offset-2 hover:text-brand-600"
      data-testid={`${type}-id`}
      {...(external ? { target: "_blank", rel: "noreferrer" } : {})}
    >
      {id}
      {external ? <span className="sr-only"> (opens HubSpot)</span> : null}
    </a>
  );
}
