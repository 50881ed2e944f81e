/**
 * The demo's complaints, satisfaction answers and one NPS campaign, so the complaint, ledger and survey screens have
 * something to show: a few complaint tickets walked through the loop to an executed compensation, CSAT answers on
 * solved tickets, and a quarterly NPS campaign run once with some answers. Everything goes through the services.
 */
import type { Actor } from '../platform/actor.ts';
import type { Kernel } from '../kernel.ts';

const CSAT_COMMENTS = ['回复很快，问题解决了', '客服态度很好', '退款速度太慢', 'Quick and friendly answer', '物流太慢了，等了一周', ''];
const NPS_COMMENTS = ['产品好用，客服响应及时', '价格有点贵', '物流太慢了', 'Great support team', ''];

export async function seedDemoSurveys(kernel: Kernel, workspaceId: string, supervisorId: string | undefined): Promise<void> {
  const { tickets, complaints, surveys } = kernel.services;
  const system: Actor = { workspaceId, kind: 'system', userId: null, role: 'admin', teamIds: [], locale: 'zh-CN' };
  const supervisor: Actor = supervisorId ? { workspaceId, kind: 'user', userId: supervisorId, role: 'supervisor', teamIds: [], locale: 'zh-CN' } : system;

  const complaintTickets = (await tickets.listTickets(system, { view: 'all', type: ['complaint'], limit: 3 })).items;
  const causes = ['logistics', 'product_defect', 'service_quality'] as const;
  for (const [index, ticket] of complaintTickets.entries()) {
    const complaint = await complaints.createComplaint(system, { ticketId: ticket.id, severity: index === 0 ? 'major' : 'minor', rootCause: causes[index % causes.length]!, summary: ticket.subject });
    await complaints.recordDetails(system, complaint.id, { occurredAt: new Date(ticket.createdAt), contact: ticket.customer?.name ?? '电话回访', orderNo: `SO-${ticket.number}` });
    await complaints.confirmWithCustomer(system, complaint.id);
    await complaints.respond(system, complaint.id);
    const compensation = await complaints.propose(system, complaint.id, { type: index === 0 ? 'refund' : 'coupon', amountMinor: index === 0 ? 29_900 : 5_000, currency: 'CNY', description: index === 0 ? '退还商品货款' : '补偿 50 元优惠券' });
    if (compensation.status === 'pending_approval') await complaints.decide(supervisor, compensation.id, { approve: true });
    await complaints.markExecuted(system, compensation.id);
  }

  const solved = (await tickets.listTickets(system, { view: 'all', status: ['solved', 'closed'], limit: 30 })).items;
  for (const [index, ticket] of solved.entries()) {
    if (index % 3 === 2) continue;
    const link = await kernel.db.transaction((tx) =>
      surveys.csatLinkFor(tx, workspaceId, { ticketId: ticket.id, number: ticket.number, subject: ticket.subject, channel: ticket.channel, customerId: ticket.customerId, assigneeId: ticket.assignee?.id ?? null, teamId: ticket.team?.id ?? null }),
    );
    const comment = CSAT_COMMENTS[index % CSAT_COMMENTS.length];
    await surveys.answer(tokenOf(link), { score: [5, 4, 5, 2, 3, 5][index % 6]!, comment: comment || undefined }).catch(() => undefined);
  }

  const campaign = await surveys.createCampaign(system, { name: '2026 年第一季度 NPS', segmentTag: null, samplePercent: 30, windowDays: 90, everyMonths: 3, startAt: new Date(kernel.clock.now().getTime() + 90 * 86_400_000) });
  await surveys.runCampaign(system, campaign.id);
  const invited = await surveys.campaignLinks(system, campaign.id, 12);
  for (const [index, link] of invited.entries()) {
    const comment = NPS_COMMENTS[index % NPS_COMMENTS.length];
    await surveys.answer(tokenOf(link), { score: [10, 9, 7, 3, 9, 10, 6, 8][index % 8]!, comment: comment || undefined });
  }
}

const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);
