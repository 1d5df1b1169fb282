import { Router } from 'express';
import {
  CreateTemplateRequest,
  RenderTemplateRequest,
  TemplateParams,
  TemplateQuery,
  TemplateRoutes,
  toExpressPath,
} from '@herald/contracts';
import { createValidator, sendData } from '@herald/runtime';
import type { TemplatesService } from './templates.service';

const parseCreateTemplate = createValidator(CreateTemplateRequest, 'body');
const parseRenderTemplate = createValidator(RenderTemplateRequest, 'body');
const parseTemplateParams = createValidator(TemplateParams, 'params');
const parseTemplateQuery = createValidator(TemplateQuery, 'query');

export function templatesRouter(templates: TemplatesService): Router {
  const router = Router();

  router.post(toExpressPath(TemplateRoutes.createTemplate.path), async (req, res) => {
    const template = await templates.createTemplate(parseCreateTemplate(req.body));
    sendData(res, template, `Template ${template.code} version ${template.version} created`, 201);
  });

  router.get(toExpressPath(TemplateRoutes.getTemplate.path), async (req, res) => {
    const { code } = parseTemplateParams(req.params);
    sendData(res, await templates.getTemplate(code, parseTemplateQuery(req.query).language), 'Template');
  });

  router.get(toExpressPath(TemplateRoutes.listTemplateVersions.path), async (req, res) => {
    const { code } = parseTemplateParams(req.params);
    sendData(
      res,
      await templates.listTemplateVersions(code, parseTemplateQuery(req.query).language),
      'Template versions',
    );
  });

  router.post(toExpressPath(TemplateRoutes.renderTemplate.path), async (req, res) => {
    const { code } = parseTemplateParams(req.params);
    sendData(res, await templates.renderTemplate(code, parseRenderTemplate(req.body)), 'Template rendered');
  });

  return router;
}
