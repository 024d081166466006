import type { Metadata } from "next";
import { SwaggerDocs } from "@/components/docs/swagger-docs";
import { PageHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "API docs" };

export default function DocsPage() {
  return (
    <>
      <PageHeader
        title="API documentation"
        description={
          <>
            Generated from the same schemas the API validates with. &ldquo;Try it out&rdquo; uses your session; use Authorize for an
            API key. Raw: <a className="underline" href="/api/docs">/api/docs</a> (JSON),{" "}
            <a className="underline" href="/docs/openapi.yaml">/docs/openapi.yaml</a>.
          </>
        }
      />
      <SwaggerDocs />
    </>
  );
}
