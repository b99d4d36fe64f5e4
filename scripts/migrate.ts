import { runMigrations } from "@/lib/db/migrate";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ database: "castello" });
const url = process.env.DATABASE_URL ?? embedded!.url;
await runMigrations(url);
console.log(`Migrations applied to ${new URL(url).pathname.slice(1)} on ${new URL(url).host}`);
await embedded?.stop();
