#!/usr/bin/env node
/**
 * Prints, NUL-separated, the command line that runs one compose service the way its container
 * does, for .ci/check-standalone.sh: `env -i` with the image's environment (the Dockerfile's ENV
 * along the runtime stage's FROM chain, plus PATH and HOME), then the service's `environment`
 * from the resolved compose file, then the service's `command` (or the Dockerfile's CMD).
 *
 *   node .ci/image-command.mjs --compose resolved.yml --service web \
 *     [--map db:5432=127.0.0.1:5432 ...] [--set PORT=5099 ...] [--healthcheck]
 *
 * --map rewrites "host:port" inside values: service names only resolve inside Compose's network.
 * --set overrides one variable (a port that is busy on this machine).
 * --healthcheck prints the Dockerfile's HEALTHCHECK command instead of the service's command.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";

const { values } = parseArgs({
  options: {
    compose: { type: "string" },
    service: { type: "string" },
    dockerfile: { type: "string", default: "Dockerfile" },
    map: { type: "string", multiple: true, default: [] },
    set: { type: "string", multiple: true, default: [] },
    healthcheck: { type: "boolean", default: false },
  },
});
if (!values.compose || !values.service) {
  console.error("usage: image-command.mjs --compose FILE --service NAME [--map a:1=b:2] [--set K=V] [--healthcheck]");
  process.exit(2);
}

/** Dockerfile stages: name → { from, env, cmd, healthcheck }. Handles `\` continuations, JSON CMD. */
function readStages(file) {
  const text = fs.readFileSync(file, "utf8").replace(/\\\r?\n/g, " ");
  const args = {};
  const stages = {};
  let current;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [, instr, rest] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    switch (instr?.toUpperCase()) {
      case "ARG": {
        const [k, v] = rest.split("=");
        if (!current) args[k] = v;
        break;
      }
      case "FROM": {
        const m = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(rest);
        const from = m[1].replace(/\$\{(\w+)\}/g, (_, k) => args[k] ?? "");
        current = { from, env: {}, cmd: undefined, healthcheck: undefined };
        stages[m[2] ?? `#${Object.keys(stages).length}`] = current;
        break;
      }
      case "ENV":
        for (const pair of rest.split(/\s+/)) {
          const i = pair.indexOf("=");
          if (i > 0) current.env[pair.slice(0, i)] = pair.slice(i + 1);
        }
        break;
      case "CMD":
        current.cmd = JSON.parse(rest);
        break;
      case "HEALTHCHECK":
        current.healthcheck = JSON.parse(rest.slice(rest.indexOf("CMD ") + 4));
        break;
    }
  }
  return stages;
}

/** The last stage (the default build target) with what it inherits from the stages it is built FROM. */
function runtimeImage(stages) {
  const names = Object.keys(stages);
  const chain = [];
  for (let s = stages[names[names.length - 1]]; s; s = stages[s.from]) chain.unshift(s);
  const image = { env: {}, cmd: undefined, healthcheck: undefined };
  for (const s of chain) {
    Object.assign(image.env, s.env);
    image.cmd = s.cmd ?? image.cmd;
    image.healthcheck = s.healthcheck ?? image.healthcheck;
  }
  return image;
}

const image = runtimeImage(readStages(values.dockerfile));
const compose = parse(fs.readFileSync(values.compose, "utf8"), { merge: true });
const service = compose.services?.[values.service];
if (!service) {
  console.error(`image-command: no service "${values.service}" in ${values.compose}`);
  process.exit(2);
}

const maps = values.map.map((m) => m.split("="));
const rewrite = (v) => maps.reduce((acc, [from, to]) => acc.split(from).join(to), String(v ?? ""));

const env = {
  // What the node image itself provides (its PATH holds node; HOME of the `node` user).
  PATH: `${path.dirname(process.execPath)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
  HOME: process.env.CHECK_HOME ?? "/tmp",
  ...image.env,
};
for (const [k, v] of Object.entries(service.environment ?? {})) env[k] = rewrite(v);
for (const pair of values.set) {
  const i = pair.indexOf("=");
  env[pair.slice(0, i)] = pair.slice(i + 1);
}

const command = values.healthcheck ? image.healthcheck : (service.command ?? image.cmd);
if (!Array.isArray(command) || !command.length) {
  console.error(`image-command: no ${values.healthcheck ? "HEALTHCHECK" : "command"} for "${values.service}"`);
  process.exit(2);
}
const argv = ["env", "-i", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...command];
process.stdout.write(argv.join("\0") + "\0");
