/**
 * The imaging module: /api/imaging, DICOMweb at /dicomweb and FHIR DiagnosticReport. Registered
 * with prefix '' in modules/index.ts. Raw bodies (application/dicom, multipart, CSV) are parsed as
 * buffers in this module only. In onReady (not under vitest) it starts the job worker, registers the
 * site's models, loads the demo studies in the background (config.imagingDemo) and starts the
 * Orthanc sync (config.orthancUrl); onClose stops them.
 */
import type { RoutePlugin } from '../../lib/http.ts';
import { demoProgress } from '../system/demo-progress.ts';
import { ImagingDemo } from './demo.service.ts';
import { dicomwebRoutes } from './dicomweb.routes.ts';
import { imagingFhirRoutes, imagingRoutes } from './imaging.routes.ts';
import { JobWorker } from './jobs.ts';
import { BUNDLED_MODELS_DIR, inferenceHandler, scanModels } from './models.service.ts';
import { startOrthancSync } from './orthanc.ts';
import type { ImagingRuntime } from './runtime.ts';

const RAW_LIMIT = 512 * 1024 * 1024;

export const imagingModule: RoutePlugin = async (app) => {
  const rt: ImagingRuntime = {};
  app.addContentTypeParser(['application/dicom', 'application/octet-stream', 'text/csv', 'text/plain'], { parseAs: 'buffer', bodyLimit: RAW_LIMIT }, (_req, body, done) => done(null, body));
  app.addContentTypeParser(/^multipart\/(related|form-data|mixed)/i, { parseAs: 'buffer', bodyLimit: RAW_LIMIT }, (_req, body, done) => done(null, body));

  await app.register(imagingRoutes(rt), { prefix: '/api/imaging' });
  await app.register(dicomwebRoutes, { prefix: '/dicomweb' });
  await app.register(imagingFhirRoutes, { prefix: '/fhir/R4' });

  const background = !process.env.VITEST && app.config.filesDir !== '';
  app.addHook('onReady', async () => {
    if (!background) return;
    const log = (msg: string, err?: unknown) => app.log.warn({ err }, msg);
    rt.worker = new JobWorker(app.db, { 'imaging.infer': inferenceHandler(app.db, app.config.filesDir) }, { onError: (err) => app.log.warn({ err }, 'imaging job failed') });
    rt.worker.start();
    if (app.config.imagingDemo) demoProgress(app.db).expect('imaging');
    // In the background, so start-up does not wait on model checks (each loads an ONNX session).
    // Models first: a demo study queued before its model is registered would not be analysed.
    rt.startup = (async () => {
      const models = await scanModels(app.db, app.config.filesDir, BUNDLED_MODELS_DIR).then(async (a) => [...a, ...(await scanModels(app.db, app.config.filesDir))])
        .catch((err) => { log('model scan failed', err); return []; });
      if (models.length) app.log.info({ models }, 'imaging models registered');
      if (app.config.imagingDemo && !rt.closing) {
        rt.demo = new ImagingDemo(app.db, app.config, log, demoProgress(app.db));
        void rt.demo.start();
      }
    })();
    if (app.config.orthancUrl) rt.stopSync = startOrthancSync(app.db, { orthancUrl: app.config.orthancUrl, filesDir: app.config.filesDir }, log);
  });
  app.addHook('onClose', async () => {
    rt.closing = true;
    await rt.startup;
    await Promise.all([rt.worker?.stop(), rt.demo?.stop(), rt.stopSync?.()]);
  });
};
