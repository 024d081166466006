"use client";
import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

/** Swagger UI is heavy: loaded in the browser only, and only by this page. */
const SwaggerUI = dynamic(() => import("./swagger-ui-client"), {
  ssr: false,
  loading: () => (
    <div className="space-y-3" aria-label="Loading the API documentation">
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-24 w-full" />
      <Skeleton className="h-24 w-full" />
    </div>
  ),
});

export function SwaggerDocs() {
  return <SwaggerUI />;
}
