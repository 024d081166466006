import type { Metadata } from "next";
import { ApiKeysManager } from "@/components/api-keys/api-keys-manager";
import { PageHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "API keys" };

export default function ApiKeysPage() {
  return (
    <div className="max-w-4xl">
      <PageHeader
        title="API keys"
        description={
          <>
            Other systems call the REST API with <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>. Keys can
            also be provisioned with the <code className="font-mono">API_KEYS</code> variable.
          </>
        }
      />
      <ApiKeysManager />
    </div>
  );
}
