// Any other /api path: a JSON 404 instead of an HTML page.
import { AppError } from "@/lib/server/errors";
import { route } from "@/lib/server/route";

const notFound = route({}, async () => {
  throw new AppError("NOT_FOUND", "No such API endpoint.");
});
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
