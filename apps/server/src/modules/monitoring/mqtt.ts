/**
 * MQTT ingest: bedside monitors publish to `yte/<facilityCode>/bed/<bedId>/vitals` on the local
 * broker, one reading (the ingest item JSON) per message, QoS 1. Malformed messages are counted and
 * logged, never fatal. The topic is a claim, not a credential: a reading is stored only when the
 * topic's facility and bed are those its device is registered at (else dropped and counted as
 * topicMismatch); the broker's per-facility credentials and ACL (docs/mqtt.md) keep a facility's
 * gateway to its own topics.
 */
import type { MqttClient } from 'mqtt';
import type { FastifyBaseLogger } from 'fastify';

export const MQTT_TOPIC = 'yte/+/bed/+/vitals';

export interface MqttStats {
  /** Connected and subscribed to the bed topics. */
  subscribed: boolean;
  received: number;
  stored: number;
  rejected: number;
  malformed: number;
  /** Readings whose topic names another facility or bed than their device's registration. */
  topicMismatch: number;
}

/** `yte/<facilityCode>/bed/<bed>/vitals` → its parts, or null for any other shape. */
export function parseBedTopic(topic: string): { facilityCode: string; bed: string } | null {
  const m = /^yte\/([^/]+)\/bed\/([^/]+)\/vitals$/.exec(topic);
  return m ? { facilityCode: m[1]!, bed: m[2]! } : null;
}

/** Pure: does the topic name the facility and bed the device is registered at? */
export function topicMatchesDevice(topic: string, device: { facilityCode: string; bed: string | null }): boolean {
  const t = parseBedTopic(topic);
  return t !== null && device.bed !== null && t.facilityCode === device.facilityCode && t.bed === device.bed;
}

export async function startMqttIngest(
  url: string,
  handle: (item: unknown, topic: string) => Promise<'stored' | 'duplicate' | 'rejected' | 'topic_mismatch'>,
  log: FastifyBaseLogger,
): Promise<{ client: MqttClient; stats: MqttStats; stop: () => Promise<void> }> {
  const stats: MqttStats = { subscribed: false, received: 0, stored: 0, rejected: 0, malformed: 0, topicMismatch: 0 };
  // The MQTT client loads only where a broker is configured.
  const { default: mqtt } = await import('mqtt');
  const client = mqtt.connect(url, { clientId: `yte-server-${process.pid}-${Date.now()}`, reconnectPeriod: 2000, connectTimeout: 5000 });
  client.on('connect', () => {
    client.subscribe(MQTT_TOPIC, { qos: 1 }, (err) => {
      if (err) return log.error({ err }, 'mqtt subscribe failed');
      stats.subscribed = true;
      log.info({ url: url.replace(/\/\/[^@/]*@/, '//***@'), topic: MQTT_TOPIC }, 'mqtt ingest subscribed');
    });
  });
  client.on('close', () => {
    stats.subscribed = false;
  });
  client.on('error', (err) => log.warn({ err: err.message }, 'mqtt error'));
  client.on('message', (topic, payload) => {
    stats.received++;
    let item: unknown;
    try {
      item = JSON.parse(payload.toString('utf8'));
    } catch {
      stats.malformed++;
      log.warn({ topic }, 'mqtt: message is not JSON; dropped');
      return;
    }
    handle(item, topic).then(
      (s) => (s === 'topic_mismatch' ? stats.topicMismatch++ : s === 'rejected' ? stats.rejected++ : stats.stored++),
      (err) => {
        stats.rejected++;
        log.warn({ err, topic }, 'mqtt: reading not stored');
      },
    );
  });
  return { client, stats, stop: () => client.endAsync().then(() => undefined) };
}
