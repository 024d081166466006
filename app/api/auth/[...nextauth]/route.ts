// GET/POST /api/auth/*: Auth.js sign-in with HubSpot, callback, session and sign-out (public).
import { handlers } from "@/lib/server/auth";

export const { GET, POST } = handlers;
