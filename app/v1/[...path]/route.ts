import { notFound } from "@/lib/gateway/handlers";

// Unknown /v1 paths answer in OpenAI's error shape, not with an HTML page.
export const dynamic = "force-dynamic";
export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
