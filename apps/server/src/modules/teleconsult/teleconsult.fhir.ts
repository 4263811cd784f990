/**
 * A consult as FHIR R4 (http://hl7.org/fhir/R4): ServiceRequest (what the station asks), Task (its
 * workflow state, owner, due time and the answer as output), Communication (each message), Media
 * (photos) and DocumentReference (documents such as an ECG PDF, and imaging studies by reference).
 * Pure mapping from the consult detail; validated with Medplum's R4 validator in the tests.
 */
import type { consultDetail } from './teleconsult.service.ts';

type Detail = Awaited<ReturnType<typeof consultDetail>>;

// ServiceRequest.status (R4 request-status) and Task.status (R4 task-status) for each consult state.
const SR_STATUS = { requested: 'active', accepted: 'active', answered: 'active', closed: 'completed', cancelled: 'revoked' } as const;
const TASK_STATUS = { requested: 'requested', accepted: 'accepted', answered: 'completed', closed: 'completed', cancelled: 'cancelled' } as const;
// R4 request-priority: routine | urgent | asap | stat.
const PRIORITY = { emergency: 'stat', urgent: 'urgent', routine: 'routine' } as const;

export function consultToFhir(c: Detail, base: string) {
  const ref = (type: string, id: string | null | undefined, display?: string | null) => (id ? { reference: `${type}/${id}`, ...(display ? { display } : {}) } : undefined);
  const att = c.attachments.filter((a) => a.kind !== 'imaging_study');
  const media = att.filter((a) => a.kind === 'photo');
  const docs = att.filter((a) => a.kind === 'document');
  const studies = c.attachments.filter((a) => a.kind === 'imaging_study');
  const url = (a: { id: string }) => `${base}/api/teleconsults/${c.id}/attachments/${a.id}`;
  const serviceRequest = {
    resourceType: 'ServiceRequest', id: c.id,
    status: SR_STATUS[c.state as keyof typeof SR_STATUS], intent: 'order', priority: PRIORITY[c.urgency],
    category: [{ text: 'Teleconsultation (hội chẩn từ xa, TT 49/2017/TT-BYT)' }],
    code: { text: `Consultation: ${c.specialty}` },
    subject: ref('Patient', c.patientId, c.patientName),
    ...(c.encounterId ? { encounter: ref('Encounter', c.encounterId) } : {}),
    authoredOn: c.requestedAt,
    ...(c.requestedBy ? { requester: ref('Practitioner', c.requestedBy, c.requestedByName) } : {}),
    performer: [c.assignedTo ? ref('Practitioner', c.assignedTo, c.assignedToName)! : ref('Organization', c.toFacilityId, c.toFacilityName)!],
    note: [{ text: c.question }],
    ...(att.length || studies.length ? {
      supportingInfo: [
        ...media.map((a) => ({ reference: `Media/${a.id}` })), ...docs.map((a) => ({ reference: `DocumentReference/${a.id}` })),
        ...studies.map((a) => ({ reference: `ImagingStudy/${a.imagingStudyId}` })),
      ],
    } : {}),
  };
  const task = {
    resourceType: 'Task', id: c.id,
    basedOn: [{ reference: `ServiceRequest/${c.id}` }],
    status: TASK_STATUS[c.state as keyof typeof TASK_STATUS], businessStatus: { text: c.state },
    ...(c.cancelReason ? { statusReason: { text: c.cancelReason } } : {}),
    intent: 'order', priority: PRIORITY[c.urgency],
    code: { text: 'Answer the teleconsult' },
    focus: { reference: `ServiceRequest/${c.id}` },
    for: ref('Patient', c.patientId, c.patientName),
    authoredOn: c.requestedAt, lastModified: c.updatedAt,
    requester: ref('Organization', c.fromFacilityId, c.fromFacilityName),
    owner: c.assignedTo ? ref('Practitioner', c.assignedTo, c.assignedToName) : ref('Organization', c.toFacilityId, c.toFacilityName),
    restriction: { period: { start: c.requestedAt, end: c.dueAt } },
    ...(c.answer ? {
      output: [
        { type: { text: 'advice' }, valueString: c.answer.advice },
        ...(c.answer.followUp ? [{ type: { text: 'follow-up' }, valueString: c.answer.followUp }] : []),
      ],
    } : {}),
    ...(c.decision ? { note: [{ text: `Station decision: ${c.decision.decision}${c.decision.reason ? ` (${c.decision.reason})` : ''}`, time: c.decision.decidedAt }] } : {}),
  };
  const communications = c.messages.map((m) => ({
    resourceType: 'Communication', id: m.id, status: 'completed',
    basedOn: [{ reference: `ServiceRequest/${c.id}` }], partOf: [{ reference: `Task/${c.id}` }],
    subject: ref('Patient', c.patientId), sent: m.sentAt, sender: ref('Practitioner', m.authorId, m.authorName),
    payload: [{ contentString: m.body }],
  }));
  const attachment = (a: (typeof att)[number]) => ({ contentType: a.mediaType!, url: url(a), ...(a.sizeBytes !== null ? { size: a.sizeBytes } : {}), ...(a.fileName ? { title: a.fileName } : {}), creation: a.addedAt });
  const medias = media.map((a) => ({
    resourceType: 'Media', id: a.id, status: 'completed', basedOn: [{ reference: `ServiceRequest/${c.id}` }],
    subject: ref('Patient', c.patientId), createdDateTime: a.addedAt, content: attachment(a), ...(a.note ? { note: [{ text: a.note }] } : {}),
  }));
  const documents = docs.map((a) => ({
    resourceType: 'DocumentReference', id: a.id, status: 'current', subject: ref('Patient', c.patientId), date: a.addedAt,
    ...(a.note ? { description: a.note } : {}), content: [{ attachment: attachment(a) }], context: { related: [{ reference: `ServiceRequest/${c.id}` }] },
  }));
  const entries = [serviceRequest, task, ...communications, ...medias, ...documents];
  return {
    resourceType: 'Bundle', type: 'collection', timestamp: c.updatedAt,
    entry: entries.map((r) => ({ fullUrl: `${base}/fhir/R4/${r.resourceType}/${r.id}`, resource: r })),
  };
}
