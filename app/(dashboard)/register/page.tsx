import type { Metadata } from "next";
import { RegisterForm } from "@/components/register/register-form";
import { PageHeader } from "@/components/ui/card";
import { auth } from "@/lib/server/auth";
import { getRecordLinkTarget } from "@/lib/server/services/record-links";

export const metadata: Metadata = { title: "Register" };

export default async function RegisterPage() {
  const session = await auth();
  const recordLinks = await getRecordLinkTarget(session?.user?.hubId);
  return (
    <div className="max-w-3xl">
      <PageHeader
        title="Register a contact"
        description="The contact is created or updated by email; each deal and ticket is created in HubSpot and associated with it."
      />
      <RegisterForm recordLinks={recordLinks} />
    </div>
  );
}
