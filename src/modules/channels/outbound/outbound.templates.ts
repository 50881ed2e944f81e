/**
 * Admins' wording of the templates: each shipped template in each language, the workspace's own text where it has
 * one, changes checked against the template's parameters, and a preview rendered with sample values.
 */
import type { Actor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { SUPPORTED_LOCALES, type Locale } from '../../../platform/i18n.ts';
import type { AuditService } from '../../audit/index.ts';
import { assertCan } from '../../identity/index.ts';
import type { WorkspacesService } from '../../workspaces/index.ts';
import { sanitizeTemplateHtml } from './template-html.ts';
import * as repo from './templates.repository.ts';
import { COMMON_PARAMS, findTemplate, listTemplates, placeholderProblems, renderTemplateText, type RenderedMessage, type TemplateDefinition, type TemplateText } from './templates.ts';

export interface TemplateVersionView extends TemplateText {
  /** The workspace changed it; false shows the shipped default. */
  isCustomized: boolean;
  updatedAt: Date | null;
}

export interface TemplateView {
  name: string;
  /** The parameters its text may use (the template's own and the common ones). */
  params: string[];
  locales: Record<Locale, TemplateVersionView>;
}

export interface TemplatesDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  workspaces: Pick<WorkspacesService, 'getWorkspace'>;
}

const notFound = () => new AppError('not_found', 'channels.template.not_found');

function requireTemplate(name: string): TemplateDefinition {
  const definition = findTemplate(name);
  if (!definition) throw notFound();
  return definition;
}

/** A refused placeholder is reported on the part that uses it, naming the unknown and the known parameters. */
function assertPlaceholders(definition: TemplateDefinition, text: Partial<TemplateText>): void {
  const problems = placeholderProblems(definition, text);
  if (problems.length === 0) return;
  const known = [...definition.params, ...COMMON_PARAMS].map((name) => `{{${name}}}`).join(' ');
  throw new AppError('validation', 'errors.validation', {
    fields: problems.map((problem) => ({ field: problem.part, messageKey: 'channels.template.unknown_placeholder', params: { names: problem.unknown.map((name) => `{{${name}}}`).join(' '), known } })),
  });
}

/** Empty optional parts are stored as none (the HTML made from the text, the text sent by SMS). */
const orNull = (value: string | null | undefined): string | null => (value?.trim() ? value : null);

export function createTemplateOps(deps: TemplatesDeps) {
  const { db, clock } = deps;

  function toView(definition: TemplateDefinition, overrides: repo.TemplateOverride[]): TemplateView {
    const locales = {} as Record<Locale, TemplateVersionView>;
    for (const locale of SUPPORTED_LOCALES) {
      const override = overrides.find((candidate) => candidate.name === definition.name && candidate.locale === locale);
      const text = override ?? definition.defaults[locale];
      locales[locale] = { subject: text.subject, body: text.body, html: text.html, sms: text.sms, isCustomized: Boolean(override), updatedAt: override?.updatedAt ?? null };
    }
    return { name: definition.name, params: [...definition.params, ...COMMON_PARAMS], locales };
  }

  async function getTemplate(actor: Actor, name: string): Promise<TemplateView> {
    assertCan(actor, 'settings.manage');
    const definition = requireTemplate(name);
    return toView(definition, await repo.selectOverrides(db, actor.workspaceId));
  }

  return {
    async listTemplates(actor: Actor): Promise<TemplateView[]> {
      assertCan(actor, 'settings.manage');
      const overrides = await repo.selectOverrides(db, actor.workspaceId);
      return listTemplates().map((definition) => toView(definition, overrides));
    },

    getTemplate,

    /** Saves the workspace's own text of one language; the HTML is cleaned to the allow-list first. */
    async updateTemplate(actor: Actor, name: string, locale: Locale, text: { subject: string; body: string; html?: string | null; sms?: string | null }): Promise<TemplateView> {
      assertCan(actor, 'settings.manage');
      const definition = requireTemplate(name);
      const html = orNull(text.html);
      const clean: TemplateText = { subject: text.subject, body: text.body, html: html ? sanitizeTemplateHtml(html) : null, sms: orNull(text.sms) };
      assertPlaceholders(definition, clean);
      await db.transaction(async (tx) => {
        await repo.upsertOverride(tx, actor.workspaceId, { ...clean, name, locale, updatedBy: actor.userId, now: clock.now() });
        await deps.audit.record(tx, actor, { action: 'template.updated', entityType: 'template', entityId: `${name}:${locale}`, details: { name, locale } });
      });
      return getTemplate(actor, name);
    },

    /** Back to the shipped text in that language. */
    async resetTemplate(actor: Actor, name: string, locale: Locale): Promise<TemplateView> {
      assertCan(actor, 'settings.manage');
      requireTemplate(name);
      await db.transaction(async (tx) => {
        if (await repo.deleteOverride(tx, actor.workspaceId, name, locale)) {
          await deps.audit.record(tx, actor, { action: 'template.reset', entityType: 'template', entityId: `${name}:${locale}`, details: { name, locale } });
        }
      });
      return getTemplate(actor, name);
    },

    /**
     * The message as a recipient would get it, filled with sample values: from the given (unsaved) text, else from
     * what the workspace sends today. Nothing is stored.
     */
    async previewTemplate(actor: Actor, name: string, locale: Locale, draft?: { subject: string; body: string; html?: string | null; sms?: string | null }): Promise<RenderedMessage> {
      assertCan(actor, 'settings.manage');
      const definition = requireTemplate(name);
      let text: TemplateText;
      if (draft) {
        const html = orNull(draft.html);
        text = { subject: draft.subject, body: draft.body, html: html ? sanitizeTemplateHtml(html) : null, sms: orNull(draft.sms) };
        assertPlaceholders(definition, text);
      } else {
        text = (await repo.selectOverride(db, actor.workspaceId, name, locale)) ?? definition.defaults[locale];
      }
      const workspace = await deps.workspaces.getWorkspace(actor.workspaceId);
      return renderTemplateText(text, { workspaceName: workspace.name, ...definition.sample }, locale);
    },
  };
}

export type TemplateOps = ReturnType<typeof createTemplateOps>;
