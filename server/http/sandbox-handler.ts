// Route handlers for sandbox bridges: authenticate the sandbox's bearer token, then handle.
// Errors are the same JSON as the public API's.
import { type AuthenticatedSandbox, authenticateSandbox } from "../sandboxes/bridge-service";
import { bearerToken, errorResponse } from "./api-handler";

export function sandboxHandler(handle: (req: Request, sandbox: AuthenticatedSandbox) => Promise<unknown>) {
  return async (req: Request): Promise<Response> => {
    try {
      const sandbox = await authenticateSandbox(bearerToken(req));
      return Response.json(await handle(req, sandbox));
    } catch (error) {
      return errorResponse(error, req);
    }
  };
}
