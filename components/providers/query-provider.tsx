"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ApiError } from "@/lib/client/api-error";

/**
 * One react-query client per browser tab. Only what may pass is retried (network errors, HubSpot
 * unavailable); a client error (4xx) or a portal that needs reconnecting is shown at once.
 */
function isWorthRetrying(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  if (error.code === "HUBSPOT_NOT_CONNECTED") return false;
  return error.code === "NETWORK_ERROR" || error.status >= 500;
}

export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 15_000,
            refetchOnWindowFocus: false,
            retry: (count, error) => isWorthRetrying(error) && count < 2,
          },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
