#!/usr/bin/env node
// The `sluice` command: registers tsx so the TypeScript sources run without a build step.
import { register } from 'tsx/esm/api';

// Before any AWS SDK module loads: its Node 20 deprecation notice is noise on a CLI's stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('./main.ts');
