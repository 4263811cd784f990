/**
 * MQTT ingest: bedside monitors publish to `yte/<facilityCode>/bed/<bedId>/vitals` on the local
 * broker, one reading (the ingest item JSON) per message, QoS 1. Malformed messages are counted and
 * logged, never fatal.
 */
import type { MqttClient } from 'mqtt';
import type { FastifyBaseLogger } from 'fastify';

export const MQTT_TOPIC = 'yte/+/bed/+/vitals';

export interface MqttStats {
  received: number;
  stored: number;
  rejected: number;
  malformed: number;
}

export async function startMqttIngest(
  url: string,
  handle: (item: unknown, topic: string) => Promise<'stored' | 'duplicate' | 'rejected'>,
  log: FastifyBaseLogger,
): Promise<{ client: MqttClient; stats: MqttStats; stop: () => Promise<void> }> {
  const stats: MqttStats = { received: 0, stored: 0, rejected: 0, malformed: 0 };
  // The MQTT client loads only where a broker is configured.
  const { default: mqtt } = await import('mqtt');
  const client = mqtt.connect(url, { clientId: `yte-server-${process.pid}-${Date.now()}`, reconnectPeriod: 2000, connectTimeout: 5000 });
  client.on('connect', () => {
    client.subscribe(MQTT_TOPIC, { qos: 1 }, (err) => (err ? log.error({ err }, 'mqtt subscribe failed') : log.info({ url, topic: MQTT_TOPIC }, 'mqtt ingest subscribed')));
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
      (s) => (s === 'rejected' ? stats.rejected++ : stats.stored++),
      (err) => {
        stats.rejected++;
        log.warn({ err, topic }, 'mqtt: reading not stored');
      },
    );
  });
  return { client, stats, stop: () => client.endAsync().then(() => undefined) };
}
