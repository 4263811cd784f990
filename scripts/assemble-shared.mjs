#!/usr/bin/env node
// Assembles ../shared (reference tables and datasets; README, "../shared: reference tables and
// datasets") from the public sources, where a network allows, and checks it against the
// SHA-256 manifest of the copy the project was developed with (scripts/shared-manifest.json).
//
//   node scripts/assemble-shared.mjs            plan, then fetch what can be fetched, then check
//   node scripts/assemble-shared.mjs --plan     print what it would fetch, from where, under which licence
//   node scripts/assemble-shared.mjs --check    only check an existing ../shared against the manifest
//   YTE_SHARED_DIR=/path overrides ../shared.
//
// Honest limits: only parts with a stable per-file public URL are fetched ("fetch"). The others are
// derived from large public archives (the NIH images: ~45 GB of tar files) or compiled from
// publications, and are listed with the steps to follow by hand ("manual"). Whatever the origin, a
// file counts as present only when its SHA-256 matches the manifest. Nothing here runs at install
// or start: yte works without ../shared (the demos and the tests that need it say so).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(process.env.YTE_SHARED_DIR || join(root, '../shared'));
const manifest = JSON.parse(readFileSync(join(root, 'scripts/shared-manifest.json'), 'utf8'));
const mode = process.argv.includes('--check') ? 'check' : process.argv.includes('--plan') ? 'plan' : 'assemble';

const PYDICOM = 'https://raw.githubusercontent.com/pydicom/pydicom/main/src/pydicom/data/test_files';
/** Each part: where it comes from, under which terms, and how it is obtained. */
const PARTS = [
  {
    dir: 'datasets/dicom/pydicom', licence: 'MIT (pydicom test files)', how: 'fetch',
    source: 'github.com/pydicom/pydicom, src/pydicom/data/test_files',
    files: ['CT_small.dcm', 'ExplVR_BigEnd.dcm', 'JPEG-lossy.dcm', 'JPEG2000.dcm', 'MR_small.dcm', 'MR_small_bigendian.dcm', 'SC_rgb_jpeg_dcmtk.dcm', 'badVR.dcm', 'liver_1frame.dcm', 'meta_missing_tsyntax.dcm', 'no_meta_group_length.dcm', 'reportsi.dcm', 'rtstruct.dcm', 'test-SR.dcm', 'waveform_ecg.dcm']
      .map((f) => ({ path: `datasets/dicom/pydicom/${f}`, url: `${PYDICOM}/${f}` })),
  },
  {
    dir: 'datasets/nih-chestxray14-sample', licence: 'NIH Clinical Center: no restrictions; cite Wang et al., CVPR 2017', how: 'manual',
    source: 'NIH ChestX-ray14, https://nihcc.app.box.com/v/ChestXray-NIHCC (images_*.tar.gz, Data_Entry_2017.csv, BBox_List_2017.csv)',
    steps: '621 test-split images (names in the manifest\'s list hash), downsampled to 512×512 greyscale JPEG; labels.csv from Data_Entry_2017.csv (14 findings 0/1); boxes.csv from BBox_List_2017.csv scaled to 512 px',
  },
  {
    dir: 'datasets/chexnet-predictions', licence: 'BSD-3-Clause (John Zech, reproduce-chexnet)', how: 'manual',
    source: 'github.com/jrzech/reproduce-chexnet (DenseNet-121 predictions on the NIH test split) joined with the NIH labels',
    steps: 'predictions.csv = one row per test image: prob_<finding> (14) from the repository\'s predictions, label_<finding> from Data_Entry_2017.csv; published-aucs.csv = the AUCs in its README; reference-aucs.csv = AUROC recomputed from predictions.csv (Mann–Whitney, ties averaged)',
  },
  {
    dir: 'datasets/pneumoniamnist', licence: 'CC BY 4.0 (MedMNIST v2, Yang et al., Scientific Data 2023; images from Kermany et al. 2018)', how: 'manual',
    source: 'MedMNIST v2 on Zenodo (pneumoniamnist.npz, 28×28); see medmnist.com', steps: 'download pneumoniamnist.npz (28×28 release) into the folder',
  },
  {
    dir: 'datasets/tbx11k-sample', licence: 'CC BY 4.0 (TBX11K, Liu et al., CVPR 2020)', how: 'manual',
    source: 'TBX11K (Liu et al., CVPR 2020)', steps: '3 images (1 healthy, 2 active TB) at 512×512 with their COCO boxes in annotations.json',
  },
  {
    dir: 'datasets/dicom/cxr-pa-jpeg-baseline.dcm', licence: 'Apache-2.0 test suite; image from the public SIIM/NIH data', how: 'manual',
    source: 'a chest X-ray DICOM (CR, PA, 1024×1024, JPEG Baseline) from an Apache-2.0 test suite', steps: 'any file matching the manifest\'s SHA-256',
  },
  {
    dir: 'reference/who-growth', licence: '© WHO, published for public use', how: 'manual',
    source: 'WHO Child Growth Standards 2006/2007 and WHO Reference 2007 LMS tables (WHO Anthro / AnthroPlus, igrowup); validation CSVs from the pygrowup package (UNICEF)',
    steps: '0-5y/*.txt and 5-19y/*.txt as published; validation/survey_*.csv from pygrowup\'s test data',
  },
  {
    dir: 'reference/who-cvd-2019', licence: 'WHO CVD Risk Chart Working Group, Lancet Glob Health 2019;7:e1332–45', how: 'manual',
    source: 'the paper and its appendix (coefficients, baseline survivals, Southeast Asia recalibration)', steps: 'southeast-asia.json transcribed from the appendix; validation/lab-chart-cells.csv from the published lab-based chart',
  },
  {
    dir: 'reference/vn-admin-2025', licence: 'free for any lawful use (unofficial compilation)', how: 'manual',
    source: 'the public dataset khanhk8a/vn-geo v0.0.1 (June 2025)', steps: 'provinces.csv, wards.csv (see its README for the caveats)',
  },
  {
    dir: 'datasets/assistant-dev', licence: 'written for the project; free to use', how: 'manual',
    source: 'invented documents and questions (a fictional hospital)', steps: 'not public data: ask the project for the folder',
  },
];

const sha = (buf) => createHash('sha256').update(buf).digest('hex');

function check() {
  let ok = 0;
  const bad = [];
  for (const [rel, want] of Object.entries(manifest)) {
    const abs = join(shared, rel);
    if (rel.endsWith('/')) {
      const lines = existsSync(abs) ? readdirSync(abs).filter((n) => statSync(join(abs, n)).isFile()).map((n) => `${n} ${sha(readFileSync(join(abs, n)))}`).sort() : [];
      if (lines.length === want.files && sha(lines.join('\n')) === want.sha256OfList) ok++;
      else bad.push(`${rel} (${lines.length}/${want.files} files${lines.length ? ', contents differ' : ''})`);
    } else if (!existsSync(abs)) bad.push(`${rel} (missing)`);
    else if (sha(readFileSync(abs)) !== want.sha256) bad.push(`${rel} (SHA-256 differs)`);
    else ok++;
  }
  console.log(`\n../shared at ${shared}: ${ok} of ${Object.keys(manifest).length} manifest entries present and identical.`);
  for (const b of bad) console.log(`  ✗ ${b}`);
  return bad.length === 0;
}

function plan() {
  console.log(`Assembling ../shared at ${shared}\n`);
  for (const p of PARTS) {
    console.log(`${p.how === 'fetch' ? 'FETCH ' : 'MANUAL'} ${p.dir}\n        source:  ${p.source}\n        licence: ${p.licence}`);
    if (p.files) for (const f of p.files) console.log(`        ${f.url}`);
    if (p.steps) console.log(`        steps:   ${p.steps}`);
  }
}

async function fetchParts() {
  const failures = [];
  for (const p of PARTS.filter((x) => x.how === 'fetch')) {
    for (const f of p.files) {
      const dest = join(shared, f.path);
      const want = manifest[f.path]?.sha256;
      if (existsSync(dest) && sha(readFileSync(dest)) === want) continue;
      try {
        const res = await fetch(f.url, { signal: AbortSignal.timeout(20_000) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const buf = Buffer.from(await res.arrayBuffer());
        if (want && sha(buf) !== want) throw new Error('downloaded, but its SHA-256 differs from the manifest (the upstream file changed)');
        mkdirSync(dirname(dest), { recursive: true });
        writeFileSync(dest, buf);
        console.log(`  ✓ ${f.path}`);
      } catch (e) {
        failures.push(`${f.url}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
      }
    }
  }
  return failures;
}

if (mode === 'check') process.exit(check() ? 0 : 1);
plan();
if (mode === 'plan') process.exit(0);
console.log('\nFetching…');
const failures = await fetchParts();
if (failures.length) {
  console.error(`\nCould not fetch ${failures.length} file(s) — no network, or the source moved:`);
  for (const f of failures.slice(0, 5)) console.error(`  ${f}`);
  if (failures.length > 5) console.error(`  … and ${failures.length - 5} more`);
}
const complete = check();
if (!complete) console.error('\n../shared is incomplete: follow the MANUAL steps above for the parts listed as ✗. yte runs without them (the demos and the tests that need them say so).');
process.exit(complete && failures.length === 0 ? 0 : 1);
