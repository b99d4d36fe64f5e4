import { handlers } from "@/lib/auth/config";
import { observeRoute } from "@/lib/observability/http";

export const GET = observeRoute("/api/auth/[...nextauth]", handlers.GET);
export const POST = observeRoute("/api/auth/[...nextauth]", handlers.POST);
