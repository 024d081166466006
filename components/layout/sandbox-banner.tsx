import { isSandboxInProduction, SANDBOX_NOTICE } from "@/lib/server/sandbox-notice";

/** On every dashboard page while production runs on the built-in sandbox (lib/server/sandbox-notice.ts). */
export function SandboxBanner() {
  if (!isSandboxInProduction()) return null;
  return (
    <div role="alert" data-testid="sandbox-banner" className="bg-amber-400 px-4 py-2 text-center text-sm font-semibold text-amber-950">
      {SANDBOX_NOTICE}. Set the HubSpot credentials (README, Configuration) to use a real portal.
    </div>
  );
}
