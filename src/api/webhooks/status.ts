// POST /whatsapp/status — Twilio's delivery reports for the messages we sent (SPEC §4). Same checks
// as the inbound webhook, but the tenant is `From` (our number). The report is applied forward
// only by src/messages/delivery-status.ts; one about a SID the send has not stored yet is held in
// Redis for the send to apply. Always 200 for a report we cannot use, so Twilio does not retry.
import type { RequestHandler } from 'express';
import { OUTSIDE_WINDOW } from '../../conversations/window';
import type { WorkHandoff } from '../../dispatch/handoff';
import { publishBestEffort } from '../../events/publisher';
import { dashboardServicesOf } from '../dashboard/router';
import { resendOutsideWindow } from '../dashboard/failed-sends';
import { recordStatusReport, type DeliveryStatusDeps } from '../../messages/delivery-status';
import type { ApiDeps } from '../deps';
import { traceOf } from './audit';
import { EMPTY_TWIML, formOf } from './form';
import { parseStatus } from './parse';
import { serviceUnavailable, verifiedTenant, type TenantDirectory } from './signature';

export function statusWebhook(deps: ApiDeps, tenants: TenantDirectory, handoff: WorkHandoff): RequestHandler {
  const { config, log } = deps;
  const services = dashboardServicesOf(deps, handoff);
  const delivery: DeliveryStatusDeps = {
    prisma: deps.prisma,
    redis: deps.redis,
    log,
    // Not awaited: the answer to Twilio does not wait for the dashboard.
    publish: (restaurantId, event) => {
      void publishBestEffort(deps.events, log, restaurantId, event);
      return Promise.resolve();
    },
  };

  return async (req, res) => {
    const trace = traceOf(res);
    const form = formOf(req);
    const report = parseStatus(form);
    const tenant = await verifiedTenant(tenants, config, req, report.from, form, trace);
    trace.details = {
      messageSid: report.messageSid,
      status: report.status,
      ...(report.errorCode !== undefined ? { errorCode: report.errorCode } : {}),
    };
    try {
      const { outcome, held } = await recordStatusReport(delivery, tenant.id, report);
      trace.outcome = outcome;
      // Not recorded yet (the send's answer may still be on its way): kept for sendReply to apply.
      if (held) trace.details = { ...trace.details, heldEarly: true };
      // Outside WhatsApp's 24-hour window: handed back to the workflow to go as its template.
      if (
        report.errorCode === OUTSIDE_WINDOW &&
        outcome === 'updated' &&
        (await resendOutsideWindow(services, tenant.id, report.messageSid))
      ) {
        trace.details = { ...trace.details, resendOutsideWindow: true };
      }
    } catch (err) {
      log.error({ err, messageSid: report.messageSid }, 'status callback not applied');
      throw serviceUnavailable('status could not be recorded; retry later');
    }
    res.status(200).type('text/xml').send(EMPTY_TWIML);
  };
}
