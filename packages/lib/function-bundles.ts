/**
 * The construct package's function code. It synthesizes SluiceLog from this repository's sources
 * in a throwaway app, so the bundles are built by the very bundling the repository deploys with
 * (cdk/bundling.ts: esbuild, ESM, minified, NATIVE_MODULES installed with npm for linux arm64
 * glibc), then copies each function's staged asset to `lib/functions/<name>/` and writes the
 * manifest that makes the construct use them (cdk/function-code.ts).
 *
 * The function list is the construct's own (`SluiceLog.functions`, one per FUNCTION_DEFAULTS
 * entry), so a new function is packaged without a change here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Architecture, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NATIVE_MODULES } from '../../cdk/bundling.ts';
import { PREBUILT_MANIFEST, type PrebuiltManifest } from '../../cdk/function-code.ts';
import { SluiceLog } from '../../cdk/sluice-log.ts';

interface TemplateResource {
  Type: string;
  Metadata?: Record<string, unknown>;
}

export function buildFunctionBundles(packageDir: string, scratch: string, architecture = Architecture.ARM_64): PrebuiltManifest {
  const outdir = path.join(scratch, 'function-bundles.out');
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'SluiceBundles');
  const log = new SluiceLog(stack, 'Log', { architecture });
  const assembly = app.synth();
  const template = assembly.getStackArtifact(stack.artifactId).template as { Resources: Record<string, TemplateResource> };

  const target = path.join(packageDir, 'lib', 'functions');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const functions: Record<string, string> = {};
  for (const [name, fn] of Object.entries(log.functions)) {
    const logicalId = stack.getLogicalId(fn.node.defaultChild as CfnFunction);
    const assetPath = template.Resources[logicalId]?.Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string') throw new Error(`no staged asset for the ${name} function (${logicalId})`);
    const staged = path.join(outdir, assetPath);
    if (!fs.existsSync(path.join(staged, 'index.mjs'))) throw new Error(`the ${name} bundle has no index.mjs: ${staged}`);
    fs.cpSync(staged, path.join(target, name), { recursive: true });
    functions[name] = name;
  }
  const manifest: PrebuiltManifest = { architecture: architecture.name, nativeModules: [...NATIVE_MODULES], functions };
  fs.writeFileSync(path.join(target, PREBUILT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.rmSync(outdir, { recursive: true, force: true });
  return manifest;
}
