import { startFakeImmich } from "./server";

// Local development: `npx tsx sandbox/immich/main.ts` (IMMICH_PORT picks the port).
const immich = await startFakeImmich({ port: Number(process.env.IMMICH_PORT ?? 2283) });
console.log(`Fake Immich at ${immich.url}/api`);
console.log(`Admin API key: ${immich.adminApiKey}`);
console.log(`Admin login: ${immich.admin?.email} / ${immich.admin?.password}`);
process.on("SIGINT", () => void immich.close().then(() => process.exit(0)));
