// Content API approval requests (WhatsApp template review): submit a content template as a WhatsApp
// template (`POST /v1/Content/:Sid/ApprovalRequests/whatsapp`) and read the verdict
// (`GET /v1/Content/:Sid/ApprovalRequests`). A submission starts `received`; the test (or the
// emulator's auto-approval) decides the verdict, as WhatsApp's reviewers would.
import { Router, type Request } from 'express';
import { contextOf, guard, reply, replyError, type FakeDeps } from './http';
import type { FakeApproval, FakeContent } from './store';

const CATEGORIES = new Set(['UTILITY', 'MARKETING', 'AUTHENTICATION']);
/** WhatsApp template names: lowercase letters, digits and underscores. */
const NAME = /^[a-z0-9_]{1,512}$/;

function approvalResource(c: FakeContent, a: FakeApproval | undefined): Record<string, unknown> {
  const contentType = Object.keys(c.types)[0] ?? 'twilio/text';
  return {
    name: a?.name ?? '',
    category: a?.category ?? '',
    content_type: contentType,
    status: a?.status ?? 'unsubmitted',
    rejection_reason: a?.rejectionReason ?? '',
    allow_category_change: a?.allowCategoryChange ?? true,
  };
}

export function approvalsRouter(deps: FakeDeps): Router {
  const { store } = deps;
  const router = Router();

  const ownContent = (req: Request): FakeContent | undefined => {
    const sid = req.params['Sid'];
    const content = typeof sid === 'string' ? store.contents.get(sid) : undefined;
    return content && content.accountSid === contextOf(req).accountSid ? content : undefined;
  };

  router.post('/v1/Content/:Sid/ApprovalRequests/whatsapp', guard(deps, 'content.approval'), (req, res) => {
    const content = ownContent(req);
    if (!content) return replyError(req, res, 404, 20404, `The requested resource ${req.path} was not found`);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { name, category } = body;
    if (typeof name !== 'string' || !NAME.test(name)) {
      return replyError(req, res, 400, 20001, 'Invalid name: lowercase letters, digits and underscores only');
    }
    if (typeof category !== 'string' || !CATEGORIES.has(category)) {
      return replyError(req, res, 400, 20001, 'Invalid category: one of UTILITY, MARKETING, AUTHENTICATION');
    }
    if (store.approvals.has(content.sid)) return replyError(req, res, 409, 20409, 'An approval request for this content already exists');
    const approval: FakeApproval = {
      name,
      category,
      status: store.autoApprove ? 'approved' : 'received',
      allowCategoryChange: body['allow_category_change'] !== false,
    };
    store.approvals.set(content.sid, approval);
    reply(req, res, 201, approvalResource(content, approval));
  });

  router.get('/v1/Content/:Sid/ApprovalRequests', guard(deps, 'content.approval'), (req, res) => {
    const content = ownContent(req);
    if (!content) return replyError(req, res, 404, 20404, `The requested resource ${req.path} was not found`);
    const approval = store.approvals.get(content.sid);
    reply(req, res, 200, {
      sid: content.sid,
      account_sid: content.accountSid,
      url: `https://content.twilio.com/v1/Content/${content.sid}/ApprovalRequests`,
      whatsapp: approval ? { type: 'whatsapp', ...approvalResource(content, approval) } : {},
    });
  });

  return router;
}
