/** On every dashboard page while production runs on the built-in sandbox (the layout decides: lib/server/sandbox-notice.ts). */
export function SandboxBanner({ notice }: { notice: string }) {
  return (
    <div role="alert" data-testid="sandbox-banner" className="bg-amber-400 px-4 py-2 text-center text-sm font-semibold text-amber-950">
      {notice}. Set the HubSpot credentials (README, Configuration) to use a real portal.
    </div>
  );
}
