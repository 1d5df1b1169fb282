import { Router, type RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';

/** The OpenAPI document as JSON, by operationId. */
export function openApiHandlers(document: object): Record<string, RequestHandler> {
  return {
    getOpenApiDocument: (_req, res) => {
      res.json(document);
    },
  };
}

/** The document rendered for people (Swagger UI, its assets served from here, nothing from a CDN). */
export function docsRouter(document: object): Router {
  const router = Router();
  router.use(swaggerUi.serve);
  router.get('/', swaggerUi.setup(document, { customSiteTitle: 'Herald API' }));
  return router;
}
