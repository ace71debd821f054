/**
 * The report's charts, drawn with bench/lib/png.ts (no dependencies): log-log line charts where
 * the shape says more than a table (cost against batching and record size; latency against
 * request size).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { E2eResult } from './e2e.ts';
import type { PeerId } from './cost-peers.ts';
import { Canvas, type Rgb } from './lib/png.ts';

export interface ChartFile {
  id: string;
  file: string;
  title: string;
}

interface Series {
  label: string;
  color: Rgb;
  points: Array<[number, number]>;
  /** Drawn dashed, as a reference level. */
  dashed?: boolean;
}

interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  xTick: (x: number) => string;
  yTick: (y: number) => string;
  xTicks: number[];
}

const COLORS: Rgb[] = [[31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189], [140, 86, 75], [227, 119, 194], [127, 127, 127]];
const BLACK: Rgb = [30, 30, 30];
const GRID: Rgb = [225, 225, 225];

function niceLogTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * Math.pow(10, e);
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

export function logLogChart(spec: ChartSpec): Buffer {
  const W = 1000;
  const H = 600;
  const left = 110;
  const right = 300;
  const top = 60;
  const bottom = 80;
  const c = new Canvas(W, H);
  const pts = spec.series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0 && Number.isFinite(y));
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const xLo = Math.min(...xs);
  const xHi = Math.max(...xs);
  const yLo = Math.min(...ys) / 1.3;
  const yHi = Math.max(...ys) * 1.3;
  const px = (x: number): number => left + ((Math.log(x) - Math.log(xLo)) / (Math.log(xHi) - Math.log(xLo) || 1)) * (W - left - right);
  const py = (y: number): number => H - bottom - ((Math.log(y) - Math.log(yLo)) / (Math.log(yHi) - Math.log(yLo) || 1)) * (H - top - bottom);

  c.text(left, 20, spec.title, BLACK, 2);
  for (const t of niceLogTicks(yLo, yHi)) {
    c.line(left, py(t), W - right, py(t), GRID);
    const label = spec.yTick(t);
    c.text(left - 8 - Canvas.textWidth(label), py(t) - 7, label, BLACK, 2);
  }
  for (const t of spec.xTicks) {
    c.line(px(t), top, px(t), H - bottom, GRID);
    const label = spec.xTick(t);
    c.text(px(t) - Canvas.textWidth(label) / 2, H - bottom + 10, label, BLACK, 2);
  }
  c.line(left, H - bottom, W - right, H - bottom, BLACK, 2);
  c.line(left, top, left, H - bottom, BLACK, 2);
  c.text(left + (W - left - right) / 2 - Canvas.textWidth(spec.xLabel) / 2, H - 35, spec.xLabel, BLACK, 2);
  c.textUp(18, H - bottom - 10, spec.yLabel, BLACK, 2);

  spec.series.forEach((s, i) => {
    const p = s.points.filter(([x, y]) => x > 0 && y > 0 && Number.isFinite(y));
    for (let k = 1; k < p.length; k++) c.line(px(p[k - 1]![0]), py(p[k - 1]![1]), px(p[k]![0]), py(p[k]![1]), s.color, s.dashed ? 2 : 3, s.dashed ? [10, 6] : undefined);
    if (!s.dashed) for (const [x, y] of p) c.rect(px(x) - 3, py(y) - 3, 7, 7, s.color);
    const ly = top + 10 + i * 26;
    c.line(W - right + 20, ly + 7, W - right + 50, ly + 7, s.color, 3, s.dashed ? [6, 4] : undefined);
    c.text(W - right + 58, ly, s.label, BLACK, 2);
  });
  return c.png();
}

const PEER_LABELS: Record<PeerId, string> = {
  kinesisOnDemand: 'KINESIS ON-DEMAND',
  kinesisProvisioned: 'KINESIS PROV.',
  mskServerless: 'MSK SERVERLESS',
  confluentBasic: 'CONFLUENT BASIC',
  warpstreamFundamentals: 'WARPSTREAM FEE',
};

const sizeLabel = (b: number): string => (b >= 1024 * 1024 ? `${b / (1024 * 1024)}M` : b >= 1024 ? `${Math.round(b / 1024)}K` : `${b}`);
const dollars = (y: number): string => `$${y >= 1 ? y.toFixed(0) : y >= 0.1 ? y.toFixed(1) : y >= 0.01 ? y.toFixed(2) : y.toFixed(3)}`;

interface ChartInput {
  cost: {
    requestSizeSweep: Array<{ x: number; sluice: number; peers: Record<PeerId, number> }>;
    requestSizeAlternatives: Array<{ label: string; points: Array<{ x: number; sluice: number }> }>;
    recordSizeSweep: Array<{ x: number; sluice: number; peers: Record<PeerId, number> }>;
  };
  e2e?: E2eResult;
}

export function renderCharts(dir: string, input: ChartInput): ChartFile[] {
  const files: ChartFile[] = [];
  const write = (id: string, title: string, png: Buffer): void => {
    const file = `${id}.png`;
    writeFileSync(join(dir, file), png);
    files.push({ id, file, title });
  };
  const rs = input.cost.requestSizeSweep;
  if (rs.length > 1) {
    const xs = rs.map((p) => p.x);
    const flat = (y: number): Array<[number, number]> => [[xs[0]!, y], [xs[xs.length - 1]!, y]];
    const peers = Object.keys(rs[0]!.peers) as PeerId[];
    write('cost-request-size', '$/GiB vs producer request size', logLogChart({
      title: '$/GIB INGESTED VS BYTES PER PRODUCE REQUEST (REFERENCE WORKLOAD)',
      xLabel: 'RECORD BYTES PER PRODUCE REQUEST',
      yLabel: '$ PER GIB INGESTED',
      xTicks: xs,
      xTick: sizeLabel,
      yTick: dollars,
      series: [
        { label: 'SLUICE, LONG-POLL', color: COLORS[0]!, points: rs.map((p) => [p.x, p.sluice]) },
        ...input.cost.requestSizeAlternatives.slice(0, 2).map((a, i) => ({ label: a.label.toUpperCase(), color: COLORS[i + 1]!, points: a.points.map((p) => [p.x, p.sluice] as [number, number]) })),
        { label: 'GOAL $0.03', color: COLORS[3]!, points: flat(0.03), dashed: true },
        ...peers.map((id, i) => ({ label: PEER_LABELS[id], color: COLORS[(i + 4) % COLORS.length]!, points: flat(rs[0]!.peers[id]), dashed: true })),
      ],
    }));
  }
  const rec = input.cost.recordSizeSweep;
  if (rec.length > 1) {
    const peers = Object.keys(rec[0]!.peers) as PeerId[];
    write('cost-record-size', '$/GiB vs record size', logLogChart({
      title: '$/GIB INGESTED VS RECORD SIZE (1 MIB PRODUCE REQUESTS)',
      xLabel: 'RECORD BYTES',
      yLabel: '$ PER GIB INGESTED',
      xTicks: rec.map((p) => p.x),
      xTick: sizeLabel,
      yTick: dollars,
      series: [
        { label: 'SLUICE', color: COLORS[0]!, points: rec.map((p) => [p.x, p.sluice]) },
        ...peers.map((id, i) => ({ label: PEER_LABELS[id], color: COLORS[(i + 1) % COLORS.length]!, points: rec.map((p) => [p.x, p.peers[id]] as [number, number]) })),
      ],
    }));
  }
  const e = input.e2e;
  if (e && !e.skipped && e.produce.length) {
    const c1 = e.produce.filter((p) => p.mode === 'binary' && p.concurrency === 1).sort((a, b) => a.recordsPerRequest - b.recordsPerRequest);
    const c4 = e.produce.filter((p) => p.mode === 'binary' && p.concurrency === 4).sort((a, b) => a.recordsPerRequest - b.recordsPerRequest);
    if (c1.length > 1) {
      write('latency', 'produce latency vs request size', logLogChart({
        title: 'PRODUCE LATENCY VS REQUEST SIZE, LOCAL STACK (EMULATOR-BOUND)',
        xLabel: '1 KIB RECORDS PER REQUEST',
        yLabel: 'MS',
        xTicks: c1.map((p) => p.recordsPerRequest),
        xTick: (x) => String(x),
        yTick: (y) => (y >= 10 ? y.toFixed(0) : y.toFixed(1)),
        series: [
          { label: 'P50, 1 IN FLIGHT', color: COLORS[0]!, points: c1.map((p) => [p.recordsPerRequest, p.p50Ms]) },
          { label: 'P99, 1 IN FLIGHT', color: COLORS[1]!, points: c1.map((p) => [p.recordsPerRequest, p.p99Ms]) },
          { label: 'P50, 4 IN FLIGHT', color: COLORS[2]!, points: c4.map((p) => [p.recordsPerRequest, p.p50Ms]) },
          { label: 'P99, 4 IN FLIGHT', color: COLORS[3]!, points: c4.map((p) => [p.recordsPerRequest, p.p99Ms]) },
        ],
      }));
    }
  }
  return files;
}
