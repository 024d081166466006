import { sandboxControl } from "../../lib/tooling/sandbox/control-client";

/** The HubSpot sandbox that `npm start` runs for the e2e server, driven through its control API. */
export const sandbox = sandboxControl(`http://127.0.0.1:${process.env.E2E_SANDBOX_PORT ?? 5102}`);
