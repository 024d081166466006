// GET/POST /api/auth/*: Auth.js sign-in with HubSpot, callback, session and sign-out (public).
import type { NextRequest } from "next/server";
import { handlers } from "@/lib/server/auth";
import { withRequestOrigin } from "@/lib/server/auth/next-request-origin";

// The OAuth redirect_uri is built from the request URL: make it the browser's origin.
export const GET = (req: NextRequest) => handlers.GET(withRequestOrigin(req));
export const POST = (req: NextRequest) => handlers.POST(withRequestOrigin(req));
