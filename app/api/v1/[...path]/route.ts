import { managementFetch } from "@/lib/management-api/router";

export const dynamic = "force-dynamic";
export const GET = managementFetch;
export const POST = managementFetch;
export const DELETE = managementFetch;
export const PUT = managementFetch;
export const PATCH = managementFetch;
